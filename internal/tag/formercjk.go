package tag

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Chinese and Japanese write a past office without spaces: "前挪威首相
// 斯托尔滕贝格", "元ノルウェー首相のストルテンベルグ氏" (former Norwegian prime
// minister). The former rule reads words between spaces, so these name the
// country of an office held before as if it were the subject. A country
// name directly after 前 or 元 and directly before an office noun is such an
// office; both ends are required, because 前 alone also means "before"
// ("日前中国…", "a few days ago China").

// cjkFormerMarks stand directly before the country of a past office.
var cjkFormerMarks = []string{"前", "元"}

// cjkOffices are the offices of a head of state or government and of a
// foreign minister, in Simplified and Traditional Chinese and in Japanese.
var cjkOffices = []string{"首相", "总统", "總統", "总理", "總理", "外长", "外長", "主席", "大統領", "外相", "国家主席", "國家主席"}

// formerCJK reports whether the name at [start, end) of full is the
// country of a past office written without spaces.
func formerCJK(full string, start, end int) bool {
	if start < 3 || end > len(full) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(full[:start])
	if r < 0x3000 { // not CJK: the common case, decided on one rune
		return false
	}
	before, after := full[:start], full[end:]
	return slices.ContainsFunc(cjkFormerMarks, func(m string) bool { return strings.HasSuffix(before, m) }) &&
		slices.ContainsFunc(cjkOffices, func(o string) bool { return strings.HasPrefix(after, o) })
}
