package tag

import "testing"

// TestLocalNames checks the endonyms, newsroom short forms and Japanese
// role compounds of names-local.yaml, and the Greek case endings they need
// (inflection.yaml, el): each case fails without its data.
func TestLocalNames(t *testing.T) {
	checkContextCases(t, []contextCase{
		// A country's big city in its own language, as a dateline and in
		// the lead.
		{name: "it endonym", title: "Sciopero dei trasporti",
			text: "NAPOLI. Bus e metropolitane fermi per otto ore a Napoli e a Torino.",
			want: []string{"IT"}},
		{name: "nl endonym", title: "Havenstaking legt containers stil",
			text: "De staking in de haven van Antwerpen duurt voort; ook in Gent ligt het werk stil.",
			want: []string{"BE"}},
		{name: "ro endonym inflected", title: "Proteste în vestul țării",
			text: "Mii de oameni au ieșit în stradă la Timișoara și în centrul Clujului.",
			want: []string{"RO"}},
		{name: "mk endonym", title: "Избори за градоначалник",
			text: "Граѓаните на Битола и Охрид гласаа во неделата за нов градоначалник.",
			want: []string{"MK"}},
		// Greek: the accusative of names in -ος ("στη Ρόδο") and the
		// genitive of names in -ο.
		{name: "el accusative", title: "Καύσωνας στη Ρόδο",
			text: "Θερμοκρασίες πάνω από 44 βαθμούς καταγράφηκαν στη Ρόδο και στο Ηράκλειο.",
			want: []string{"GR"}},
		// The newsroom's short form where CLDR has only the official name.
		{name: "el short form", title: "Η Βόρεια Μακεδονία στο ΝΑΤΟ",
			text: "Η Βόρεια Μακεδονία έγινε το τριακοστό μέλος της Συμμαχίας.",
			want: []string{"MK"}},
		// Japanese: the one-character form joined to a role is the country;
		// the character alone is not.
		{name: "ja role compound", title: "英首相が辞任表明",
			text: "英首相は記者会見で辞任の意向を表明した。",
			want: []string{"GB"}},
		// Japanese Chile, which CLDR's list leaves out for the chili words.
		{name: "ja Chile", title: "チリ大統領選、決選投票へ",
			text: "南米チリで大統領選挙が行われ、決選投票に持ち込まれた。",
			want: []string{"CL"}},
		{name: "ja chili", title: "人気の中華料理",
			text:    "エビチリとチリソースの売り上げが伸びている。",
			notWant: []string{"CL"}},
		// Short forms the press writes where CLDR has the official name.
		{name: "it short form", title: "La Gran Bretagna alle urne",
			text: "Gli elettori della Gran Bretagna votano giovedì per il nuovo parlamento.",
			want: []string{"GB"}},
		{name: "sr short form", title: "САД увеле нове царине",
			text: "Администрација у Вашингтону најавила је да САД уводе царине на увоз челика.",
			want: []string{"US"}},
		{name: "it place", title: "Scontri in Cisgiordania",
			text: "Nuovi scontri sono stati segnalati in diverse città della Cisgiordania.",
			want: []string{"PS"}},
		// Greek adjectives in -ακά and -ινός take their genders and cases.
		{name: "el adjectives", title: "Νέα εκεχειρία",
			text: "Η συριακή κυβέρνηση και ο ισραηλινός στρατός συμφώνησαν σε εκεχειρία.",
			want: []string{"SY", "IL"}},
		{name: "pt Brussels as the EU", title: "Bruxelas e a União Europeia",
			text:    "Bruxelas quer que a União Europeia reveja as regras orçamentais.",
			notWant: []string{"BE"}},
		// The places of the war in Ukraine in Greek and Japanese: a strike
		// on Odesa is about Ukraine.
		{name: "el war place", title: "Πλήγμα στην Οδησσό",
			text: "Πύραυλοι έπληξαν λιμενικές εγκαταστάσεις της Οδησσού τη νύχτα.",
			want: []string{"UA"}},
		{name: "ja war place", title: "ザポリージャ原発で火災",
			text: "ザポリージャ原子力発電所の敷地内で火災が発生した。",
			want: []string{"UA"}},
		{name: "mk war place", title: "Воздушни напади врз Рафа",
			text: "Израелската армија изврши нови воздушни напади врз Рафа и Кан Јунис.",
			want: []string{"PS"}},
		{name: "ja character alone", title: "英語教育の改革",
			text:    "文部科学省は小学校の英語教育を見直す。",
			notWant: []string{"GB"}},
		// "Republike Srpske" is the entity in Bosnia, not Serbia's
		// adjective "srpski" in the genitive.
		{name: "sr-Latn Republika Srpska", title: "Sednica Narodne skupštine",
			text:    "Predsednik Republike Srpske najavio je referendum u Banjaluci.",
			want:    []string{"BA"},
			notWant: []string{"RS"}},
		// The press's own leaders in its own script, inflected: Greek
		// genitive of -ης, Macedonian heads of government (names-leaders.yaml,
		// actors.yaml).
		{name: "el leader genitive", title: "Ανασχηματισμός στην κυβέρνηση",
			text: "Η ανακοίνωση του Μητσοτάκη για τον ανασχηματισμό αναμένεται την Παρασκευή.",
			want: []string{"GR"}},
		{name: "mk own leader", title: "Нов пакет мерки за енергија",
			text: "Премиерот Мицкоски најави субвенции за сметките за струја.",
			want: []string{"MK"}},
		// A leader whose surname is a country's name is the leader.
		{name: "pt leader named like a country", title: "Governo aprova orçamento",
			text:    "O primeiro-ministro Luís Montenegro apresentou o orçamento no parlamento.",
			want:    []string{"PT"},
			notWant: []string{"ME"}},
	})
}

// TestLocalDatelines checks that datelines in names-local.yaml's city names
// give the venue: Maltese Brussels, Slovene Istanbul, own capitals.
func TestLocalDatelines(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct{ title, text, venue string }{
		{"Laqgħa tal-ministri", "BRUSSELL. Il-ministri tal-Ġermanja u Franza qablu fuq il-baġit il-ġdid.", "BE"},
		{"Evropsko prvenstvo", "CARIGRAD. Slovenski rokometaši so v finalu premagali Dansko.", "TR"},
		// Brussels in more languages, guarded like the English name
		// (countries.yaml): a dateline there is the venue.
		{"Acordo comercial assinado", "BRUXELAS. O Brasil e a Argentina assinaram um acordo sobre tarifas agrícolas.", "BE"},
		// Own capitals in the own language, in capitals: Vietnamese Hà Nội,
		// Azerbaijani Bakı (whose dotless ı upper-cases to a plain I).
		{"Hội nghị thượng đỉnh", "HÀ NỘI - Các nhà lãnh đạo Nhật Bản và Hàn Quốc đã gặp nhau hôm thứ Hai.", "VN"},
		{"İqlim konfransı", "BAKI. Türkiyə və Qazaxıstan nümayəndələri enerji sazişi imzaladılar.", "AZ"},
	} {
		if r := tg.Tag(c.title, c.text); r.Venue != c.venue {
			t.Errorf("%q: venue %q, want %q", c.text, r.Venue, c.venue)
		}
	}
}
