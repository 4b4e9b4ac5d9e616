package tag

import (
	"testing"
	"unicode/utf8"
)

// FuzzTag feeds arbitrary text to the normalizer and the matcher: no panic,
// and every mention's offset and text point back into the original input.
func FuzzTag(f *testing.F) {
	for _, s := range [][2]string{
		{"Erdoğan meets Putin in Sochi", "ANKARA (Reuters) - Turkey’s president said talks on Idlib would resume."},
		{"叙利亚停火谈判", "俄罗斯和土耳其在阿斯塔纳会谈。"},
		{"Сирия", "Переговоры в Астане; Ердоган і Путін."},
		{"", "\x00\xff\xfe İstanbul ǅ ﬁ East\u00adGhouta"},
		{"U.S.-led", "the U.S. and the UK; S-400 S400"},
	} {
		f.Add(s[0], s[1])
	}
	tg := testTagger(f)
	f.Fuzz(func(t *testing.T, title, text string) {
		r := tg.Tag(title, text)
		in := title + "\n" + text
		for _, m := range r.Mentions {
			if m.Offset < 0 || m.Offset+len(m.Text) > len(in) || in[m.Offset:m.Offset+len(m.Text)] != m.Text {
				t.Fatalf("mention %+v does not point into the input %q", m, in)
			}
			if utf8.ValidString(in) && !utf8.ValidString(m.Text) {
				t.Fatalf("mention %+v splits a character", m)
			}
		}
	})
}
