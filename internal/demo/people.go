package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// name is a given or family name in Latin script and in its own script
// ("" for a name written in Latin script).
type name struct{ latin, native string }

// culture is where the demo's generated people take their names, and the
// range of their portraits' looks. Family names of cultures with feminine
// forms (feminine) take an "a" for women, in both scripts.
type culture struct {
	male, female, family []name
	feminine             bool
	// patronymic joins given and father's name, as Malay names do ("bin"/"binti").
	patronymic       [2]string
	country, lang    string // nationality and interpretation language
	skinFrom, skinTo int
	scarf, beard     float64
}

func names(pairs ...string) []name {
	out := make([]name, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, name{pairs[i], pairs[i+1]})
	}
	return out
}

func latin(s string) []name {
	var out []name
	for _, n := range strings.Split(s, ",") {
		out = append(out, name{strings.TrimSpace(n), ""})
	}
	return out
}

// cultures are the name pools, by key.
var cultures = map[string]culture{
	"arab": {country: "EG", lang: "ar", skinFrom: 1, skinTo: 4, scarf: 0.6, beard: 0.5,
		male: names("Ahmed", "أحمد", "Khalid", "خالد", "Omar", "عمر", "Youssef", "يوسف", "Hassan", "حسن",
			"Karim", "كريم", "Tariq", "طارق", "Faisal", "فيصل", "Saeed", "سعيد", "Ibrahim", "إبراهيم",
			"Mahmoud", "محمود", "Abdullah", "عبد الله", "Hamad", "حمد", "Sami", "سامي"),
		female: names("Amina", "أمينة", "Leila", "ليلى", "Nour", "نور", "Salma", "سلمى", "Mariam", "مريم",
			"Huda", "هدى", "Rania", "رانيا", "Dina", "دينا", "Noura", "نورة", "Hala", "هالة"),
		family: names("Al-Qahtani", "القحطاني", "Al-Harbi", "الحربي", "Mansour", "منصور", "Haddad", "حداد",
			"Saleh", "صالح", "Nasser", "ناصر", "Al-Amin", "الأمين", "Farouk", "فاروق", "Khalil", "خليل",
			"Al-Mutairi", "المطيري", "Al-Kuwari", "الكواري", "Abdel Rahman", "عبد الرحمن", "El-Sayed", "السيد",
			"Al-Obaidi", "العبيدي", "Al-Dosari", "الدوسري", "Hamdan", "حمدان", "Al-Shamsi", "الشامسي")},
	"maghreb": {country: "MA", lang: "fr", skinFrom: 1, skinTo: 4, scarf: 0.3, beard: 0.3,
		male: names("Mohammed", "محمد", "Youssef", "يوسف", "Rachid", "رشيد", "Abdelkader", "عبد القادر",
			"Hicham", "هشام", "Mehdi", "مهدي", "Nabil", "نبيل", "Anouar", "أنور", "Driss", "إدريس"),
		female: names("Khadija", "خديجة", "Samira", "سميرة", "Nadia", "نادية", "Latifa", "لطيفة",
			"Imane", "إيمان", "Siham", "سهام", "Meriem", "مريم", "Houda", "هدى"),
		family: names("Benjelloun", "بنجلون", "El Amrani", "العمراني", "Tazi", "التازي", "Berrada", "برادة",
			"Belkacem", "بلقاسم", "Mansouri", "المنصوري", "Alaoui", "العلوي", "Bennani", "بناني",
			"Cherkaoui", "الشرقاوي", "Ben Salah", "بن صالح", "Ouazzani", "الوزاني")},
	// Persian: the letters ی and ک, not the Arabic ي and ك.
	"persian": {country: "IR", lang: "en", skinFrom: 0, skinTo: 3, scarf: 0.9, beard: 0.6,
		male: names("Reza", "رضا", "Ali", "علی", "Mehdi", "مهدی", "Hossein", "حسین", "Mohammad", "محمد",
			"Amir", "امیر", "Kaveh", "کاوه", "Dariush", "داریوش"),
		female: names("Maryam", "مریم", "Zahra", "زهرا", "Shirin", "شیرین", "Nasrin", "نسرین", "Parisa", "پریسا"),
		family: names("Ahmadi", "احمدی", "Karimi", "کریمی", "Hosseini", "حسینی", "Rezaei", "رضایی",
			"Moradi", "مرادی", "Jafari", "جعفری", "Tehrani", "تهرانی", "Sadeghi", "صادقی", "Rahimi", "رحیمی")},
	"urdu": {country: "PK", lang: "en", skinFrom: 2, skinTo: 5, scarf: 0.5, beard: 0.5,
		male: names("Imran", "عمران", "Bilal", "بلال", "Asif", "آصف", "Farhan", "فرحان", "Usman", "عثمان",
			"Kamran", "کامران", "Zubair", "زبیر"),
		female: names("Ayesha", "عائشہ", "Sana", "ثنا", "Hina", "حنا", "Sadia", "سعدیہ", "Mehwish", "مہوش"),
		family: names("Qureshi", "قریشی", "Malik", "ملک", "Siddiqui", "صدیقی", "Khan", "خان", "Hussain", "حسین",
			"Mirza", "مرزا", "Abbasi", "عباسی", "Butt", "بٹ")},
	"russian": {country: "RU", lang: "ru", skinFrom: 0, skinTo: 1, feminine: true, beard: 0.1,
		male: names("Sergey", "Сергей", "Dmitry", "Дмитрий", "Alexey", "Алексей", "Igor", "Игорь",
			"Andrey", "Андрей", "Mikhail", "Михаил", "Pavel", "Павел", "Nikolay", "Николай", "Yuri", "Юрий"),
		female: names("Elena", "Елена", "Natalia", "Наталья", "Irina", "Ирина", "Anna", "Анна",
			"Tatiana", "Татьяна", "Svetlana", "Светлана", "Yekaterina", "Екатерина", "Maria", "Мария"),
		family: names("Ivanov", "Иванов", "Petrov", "Петров", "Smirnov", "Смирнов", "Kuznetsov", "Кузнецов",
			"Volkov", "Волков", "Sokolov", "Соколов", "Morozov", "Морозов", "Lebedev", "Лебедев",
			"Novikov", "Новиков", "Fyodorov", "Фёдоров", "Orlov", "Орлов", "Zaitsev", "Зайцев")},
	"kazakh": {country: "KZ", lang: "ru", skinFrom: 1, skinTo: 3, feminine: true, beard: 0.1,
		male: names("Nurlan", "Нұрлан", "Yerlan", "Ерлан", "Daniyar", "Данияр", "Askar", "Асқар",
			"Serik", "Серік", "Marat", "Марат", "Yerzhan", "Ержан"),
		female: names("Aigerim", "Айгерім", "Gulnara", "Гүлнара", "Saule", "Сәуле", "Aliya", "Әлия", "Zhanna", "Жанна"),
		family: names("Zhakupov", "Жақыпов", "Abdrakhmanov", "Абдрахманов", "Seitkaliev", "Сейтқалиев",
			"Nurpeisov", "Нұрпейісов", "Iskakov", "Ысқақов", "Omarov", "Омаров", "Baimukhanov", "Баймұханов")},
	"uzbek": {country: "UZ", lang: "ru", skinFrom: 1, skinTo: 3, feminine: true, beard: 0.2,
		male:   names("Timur", "Тимур", "Rustam", "Рустам", "Bakhtiyor", "Бахтиёр", "Sherzod", "Шерзод"),
		female: names("Dilnoza", "Дилноза", "Nodira", "Нодира", "Gulnora", "Гулнора"),
		family: names("Yusupov", "Юсупов", "Rakhimov", "Рахимов", "Tashkentov", "Ташкентов", "Nazarov", "Назаров")},
	"azeri": {country: "AZ", lang: "az", skinFrom: 0, skinTo: 3, feminine: true, scarf: 0.1, beard: 0.15,
		male:   latin("Elçin, Rəşad, Tural, Vüqar, Kamran, Orxan, Fərid, Elnur, Rauf, Anar, Cavid, Samir"),
		female: latin("Aytən, Nərmin, Lalə, Günel, Sevinc, Aynur, Könül, Leyla, Nigar, Səbinə"),
		family: latin("Məmmədov, Hüseynov, Quliyev, Abbasov, Rzayev, Nəsirov, İsmayılov, Cəfərov, Bağırov, Kərimov, Səfərov")},
	"turkish": {country: "TR", lang: "en", skinFrom: 0, skinTo: 3, scarf: 0.2, beard: 0.2,
		male:   latin("Mehmet, Mustafa, Emre, Burak, Ahmet, Kemal, Serkan, Oğuz"),
		female: latin("Elif, Zeynep, Esra, Gülşen, Derya, Özlem"),
		family: latin("Kaya, Demir, Şahin, Çelik, Öztürk, Aydın, Arslan, Doğan, Koç, Yıldız, Güneş")},
	"french": {country: "FR", lang: "fr", skinFrom: 0, skinTo: 2, beard: 0.15,
		male:   latin("Jean-Baptiste, Étienne, Olivier, Thierry, Benoît, Mathieu, Gaël, Jérôme"),
		female: latin("Hélène, Camille, Émilie, Sophie, Cécile, Agnès, Léa, Mathilde"),
		family: latin("Dubois, Moreau, Girard, Rousseau, Fournier, Mercier, Lefebvre, Bonnet, Chevalier, Faure, Gauthier")},
	"sahel": {country: "SN", lang: "fr", skinFrom: 5, skinTo: 7, scarf: 0.3, beard: 0.2,
		male:   latin("Mamadou, Cheikh, Ousmane, Moussa, Abdoulaye, Ibrahima"),
		female: latin("Aminata, Fatou, Mariama, Awa, Khady"),
		family: latin("Diop, Ndiaye, Sow, Fall, Traoré, Keïta, Coulibaly, Diallo, Sarr")},
	"nigerian": {country: "NG", lang: "en", skinFrom: 5, skinTo: 7, scarf: 0.4, beard: 0.3,
		male:   latin("Abubakar, Ibrahim, Musa, Olusegun, Chukwuemeka, Aminu, Babajide, Sani"),
		female: latin("Aisha, Hauwa, Ngozi, Folake, Zainab, Chiamaka"),
		family: latin("Bello, Adeyemi, Okonkwo, Danjuma, Abdullahi, Ogunleye, Yusuf, Eze, Ɗanladi")},
	"malay": {country: "MY", lang: "en", skinFrom: 2, skinTo: 4, scarf: 0.8, beard: 0.2, patronymic: [2]string{"bin", "binti"},
		male:   latin("Ahmad Faizal, Mohd Hafiz, Azman, Khairul Anuar, Muhammad Firdaus"),
		female: latin("Nurul Izzah, Siti Aminah, Farah Nadia, Noor Azlina"),
		family: latin("Ismail, Abdullah, Hassan, Yusof, Rahman, Osman")},
	// Indonesians often have one name only: the empty family name.
	"indonesian": {country: "ID", lang: "en", skinFrom: 2, skinTo: 4, scarf: 0.7, beard: 0.1,
		male:   latin("Budi, Agus, Hendra, Rizal, Dedi, Joko"),
		female: latin("Dewi, Sri, Ratna, Wulan, Indah"),
		family: append(latin("Santoso, Wibowo, Pratama, Hidayat, Kusuma, Nugroho"), name{}, name{})},
	// Bengali script is left out: the badge fonts do not cover it.
	"bangla": {country: "BD", lang: "en", skinFrom: 3, skinTo: 6, scarf: 0.4, beard: 0.3,
		male:   latin("Mohammad Rafiqul, Abdul Karim, Tanvir, Shahidul"),
		female: latin("Nasrin, Farzana, Sharmin"),
		family: latin("Islam, Rahman, Hossain, Chowdhury, Ahmed, Haque")},
	"bosnian": {country: "BA", lang: "en", skinFrom: 0, skinTo: 2, scarf: 0.2, beard: 0.1,
		male:   latin("Emir, Adnan, Haris, Damir, Mirza"),
		female: latin("Amra, Lejla, Selma, Ajla"),
		family: latin("Hadžić, Begić, Kovačević, Delić, Mehmedović, Šehić")},
	// Cultures of the fixture names only, for their portraits and nationality.
	"vietnamese": {country: "VN", lang: "en", skinFrom: 1, skinTo: 3},
	"irish":      {country: "IE", lang: "en", skinFrom: 0, skinTo: 1},
	"gulf":       {country: "AE", lang: "ar", skinFrom: 2, skinTo: 4, beard: 1},
	"english": {country: "GB", lang: "en", skinFrom: 0, skinTo: 5, beard: 0.1,
		male:   latin("James, Oliver, William, Richard, Thomas, Edward, Daniel, Samuel"),
		female: latin("Charlotte, Emma, Sarah, Catherine, Eleanor, Rachel, Grace"),
		family: latin("Smith, Taylor, Clarke, Evans, Hughes, Wright, Walker, Harrison, Bennett, Mitchell, Okafor")},
}

// generator picks people from culture pools for one party, the same ones
// on every run, never the same full name twice in the demo.
type generator struct {
	r    *rand.Rand
	used map[string]bool
}

func newGenerator(party string, used map[string]bool) *generator {
	h := fnv.New64a()
	h.Write([]byte(party))
	return &generator{r: rand.New(rand.NewPCG(h.Sum64(), 18_03_2013)), used: used}
}

// person makes a new person of culture key; female says whether a woman.
func (g *generator) person(key string, female bool) person {
	c := cultures[key]
	for {
		given := c.male[g.r.IntN(len(c.male))]
		if female {
			given = c.female[g.r.IntN(len(c.female))]
		}
		fam := c.family[g.r.IntN(len(c.family))]
		if female && c.feminine {
			fam.latin += "a"
			if fam.native != "" {
				fam.native += "а" // Cyrillic
			}
		}
		if p := c.patronymic[0]; p != "" {
			if female {
				p = c.patronymic[1]
			}
			given.latin += " " + p
		}
		full := given.latin + " " + fam.latin
		if g.used[full] {
			continue
		}
		g.used[full] = true
		native := ""
		if given.native != "" {
			native = strings.TrimSpace(given.native + " " + fam.native)
		}
		honorific := "Mr"
		if female {
			honorific = "Ms"
		}
		return person{honorific: honorific, given: given.latin, family: fam.latin, native: native,
			female: female, culture: key}
	}
}
