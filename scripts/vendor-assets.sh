#!/usr/bin/env bash
# Re-fetches the browser assets vendored under internal/web/static/vendor from the
# npm registry and records their sha256 in that folder's README.md.
#
#   scripts/vendor-assets.sh           fetch the pinned versions, copy them in, rewrite the table
#   scripts/vendor-assets.sh --verify  fetch them, and fail if the tree or the table differ, or if a
#                                      copy of a vendored file lies elsewhere in the repository
#
# To upgrade a file, change its version below, run the script, check the page that
# uses it (the API reference at /api/docs, the door page's camera, the browser
# tests' accessibility checks), and commit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/internal/web/static/vendor"
readme="$vendor/README.md"

# package  version  file in the package  name under vendor/
assets=(
	"redoc 2.5.4 bundles/redoc.standalone.js redoc.standalone.js"
	"redoc 2.5.4 bundles/redoc.standalone.js.LICENSE.txt redoc.standalone.js.LICENSE.txt"
	"redoc 2.5.4 LICENSE redoc.LICENSE"
	"jsqr 1.4.0 dist/jsQR.js jsQR.js"
	"jsqr 1.4.0 LICENSE jsQR.LICENSE"
	"axe-core 4.14.1 axe.min.js axe.min.js"
	"axe-core 4.14.1 LICENSE axe.LICENSE"
	"axe-core 4.14.1 LICENSE-3RD-PARTY.txt axe.LICENSE-3RD-PARTY.txt"
)

mode=update
case "${1:-}" in
"") ;;
--verify) mode=verify ;;
*)
	echo "usage: $0 [--verify]" >&2
	exit 2
	;;
esac

command -v npm >/dev/null || { echo "npm is needed" >&2; exit 1; }
command -v sha256sum >/dev/null || { echo "sha256sum is needed" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# npm pack checks each tarball against the integrity hash the registry publishes.
declare -A unpacked
for line in "${assets[@]}"; do
	read -r pkg ver _ _ <<<"$line"
	key="$pkg@$ver"
	[[ -n "${unpacked[$key]:-}" ]] && continue
	dir="$tmp/$pkg-$ver"
	mkdir -p "$dir"
	tarball=$(cd "$dir" && npm pack --silent "$key")
	tar -xzf "$dir/$tarball" -C "$dir"
	unpacked[$key]="$dir/package"
done

table="$tmp/table.md"
{
	echo "| File | npm package | Version | sha256 |"
	echo "| --- | --- | --- | --- |"
} >"$table"

failed=0
for line in "${assets[@]}"; do
	read -r pkg ver src dest <<<"$line"
	file="${unpacked[$pkg@$ver]}/$src"
	[[ -f "$file" ]] || { echo "$pkg@$ver has no $src" >&2; exit 1; }
	sum=$(sha256sum "$file" | cut -d' ' -f1)
	echo "| \`$dest\` | $pkg | $ver | \`$sum\` |" >>"$table"
	if [[ $mode == verify ]]; then
		if ! cmp -s "$file" "$vendor/$dest"; then
			echo "MISMATCH $dest: differs from $pkg@$ver $src" >&2
			failed=1
		fi
	else
		cp "$file" "$vendor/$dest"
	fi
done

# The table sits between two marker lines; everything else in the README is prose.
begin='<!-- vendor-table:begin -->'
end='<!-- vendor-table:end -->'
if ! grep -qxF "$begin" "$readme" || ! grep -qxF "$end" "$readme"; then
	echo "$readme lacks the lines $begin and $end" >&2
	exit 1
fi
new="$tmp/README.md"
awk -v begin="$begin" -v end="$end" -v table="$table" '
	$0 == begin { print; while ((getline l < table) > 0) print l; skip = 1; next }
	$0 == end { skip = 0 }
	!skip { print }
' "$readme" >"$new"

if [[ $mode == verify ]]; then
	if ! cmp -s "$new" "$readme"; then
		echo "MISMATCH $readme: its table differs from the fetched files:" >&2
		diff -u "$readme" "$new" >&2 || true
		failed=1
	fi
	extra=""
	for path in "$vendor"/*; do
		f=${path##*/}
		[[ $f == README.md ]] && continue
		grep -qF "| \`$f\` |" "$table" || extra+=" $f"
	done
	if [[ -n "$extra" ]]; then
		echo "MISMATCH: files not listed in the script:$extra" >&2
		failed=1
	fi
	# One copy of each: a page must load the verified file, not a copy of it
	# elsewhere in the tree that nothing checks (the door page once did).
	copies=""
	while IFS= read -r -d '' path; do
		case "$path" in "$vendor"/*) continue ;; esac
		f=${path##*/}
		if grep -qF "| \`$f\` |" "$table"; then
			copies+=" ${path#"$root"/}"
			continue
		fi
		sum=$(sha256sum "$path" | cut -d' ' -f1)
		grep -qF "\`$sum\`" "$table" && copies+=" ${path#"$root"/}"
	done < <(find "$root" -path "$root/.git" -prune -o -path "$root/node_modules" -prune -o \
		-type f \( -name '*.js' -o -name '*LICENSE*' \) -print0)
	if [[ -n "$copies" ]]; then
		echo "MISMATCH: copies of vendored files outside $vendor (load the vendored file instead):$copies" >&2
		failed=1
	fi
	[[ $failed == 0 ]] && echo "vendored assets match their npm packages"
	exit $failed
fi

cp "$new" "$readme"
echo "updated $vendor and its README.md:"
cat "$table"
