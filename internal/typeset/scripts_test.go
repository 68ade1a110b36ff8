package typeset

// scriptNames are real names in the scripts that Noto Sans and Noto Naskh
// Arabic do not cover, each as its holder's article in the Wikipedia of
// that language spells it (the language is given before each).
var scriptNames = []struct{ script, name string }{
	{"Bengali", "রবীন্দ্রনাথ ঠাকুর"},     // bn: Rabindranath Tagore
	{"Bengali", "শেখ হাসিনা"},            // bn: Sheikh Hasina
	{"Devanagari", "नरेन्द्र मोदी"},      // hi: Narendra Modi
	{"Gurmukhi", "ਮਨਮੋਹਨ ਸਿੰਘ"},          // pa: Manmohan Singh
	{"Thai", "ยิ่งลักษณ์ ชินวัตร"},        // th: Yingluck Shinawatra
	{"Khmer", "នរោត្តម សីហនុ"},           // km: Norodom Sihanouk
	{"Khmer", "ហ៊ុន សែន"},                // km: Hun Sen
	{"Myanmar", "အောင်ဆန်းစုကြည်"},       // my: Aung San Suu Kyi
	{"Hebrew", "דוד בן-גוריון"},          // he: David Ben-Gurion
	{"Georgian", "ედუარდ შევარდნაძე"},    // ka: Eduard Shevardnadze
	{"Armenian", "Արամ Խաչատրյան"},       // hy: Aram Khachaturian
	{"Greek", "Ἰωάννης Καποδίστριας"},    // el (polytonic, as el.wikisource writes it): Ioannis Kapodistrias
	{"Ethiopic", "ዐቢይ አሕመድ"},             // am: Abiy Ahmed
	{"Thaana", "މުޙައްމަދު ނަޝީދު"},       // dv: Mohamed Nasheed
	{"Han", "习近平"},                      // zh: Xi Jinping
	{"Han", "安倍晋三"},                     // ja: Shinzo Abe
	{"Hiragana", "いとう ひろぶみ"},            // ja: Ito Hirobumi, in kana
	{"Hangul", "반기문"},                    // ko: Ban Ki-moon
}
