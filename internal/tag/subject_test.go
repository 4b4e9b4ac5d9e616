package tag

import "testing"

// TestComparisonsAndOthersAlsoHit checks the comparison rule
// (context.yaml, context-comparisons and context-comparison-sentences): a
// country set beside the subject ("as in", "Net als in", "thấp hơn"), in a
// comparison sentence after the lead ("Liknande regler finns redan i
// Danmark") or in a list of others also hit ("Auch in Tschechien und
// Polen") is not what the story is about, and no longer takes a domestic
// story from its home dateline; the subject named in the lead still counts.
func TestComparisonsAndOthersAlsoHit(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "sv comparison sentence", title: "Regeringen skärper migrationspolitiken",
			text: "STOCKHOLM (TT) - Regeringen vill skärpa kraven för medborgarskap, meddelade migrationsministern på tisdagen. Liknande regler finns redan i Danmark.",
			want: []string{"SE"}, notWant: []string{"DK"}},
		{name: "de others also hit, a list joined by und", title: "Hochwasser nach tagelangem Regen",
			text: "WIEN (APA) - Nach tagelangem Regen ist ein ganzes Bundesland zum Katastrophengebiet erklärt worden. Auch in Tschechien und Polen stiegen die Pegel dramatisch.",
			want: []string{"AT"}, notWant: []string{"CZ", "PL"}},
		{name: "nl as in", title: "Kabinet valt over asielbeleid",
			text: "DEN HAAG (ANP) - Het kabinet is gevallen over het asielbeleid, maakte de premier vrijdagavond bekend. Net als in Denemarken wilde de grootste partij de gezinshereniging beperken.",
			want: []string{"NL"}, notWant: []string{"DK"}},
		{name: "vi than", title: "Quốc hội tăng lương tối thiểu",
			text: "HÀ NỘI - Quốc hội Việt Nam thông qua việc tăng lương tối thiểu 6% từ tháng Bảy. Mức lương vẫn thấp hơn Thái Lan.",
			want: []string{"VN"}, notWant: []string{"TH"}},
		{name: "es following the example", title: "El Congreso aprueba la jornada de 40 horas",
			text: "SANTIAGO (EFE) - La Cámara de Diputados de Chile aprobó la reducción de la jornada laboral a 40 horas, siguiendo el ejemplo de Ecuador. El presidente celebró la votación.",
			want: []string{"CL"}, notWant: []string{"EC"}},
		// The subject named in the lead keeps its weight.
		{name: "fr subject in the lead", title: "Le chômage recule",
			text: "Le chômage a reculé en France au troisième trimestre, selon l'Insee. Comme en Allemagne, les créations d'emplois ralentissent pourtant.",
			want: []string{"FR"}, notWant: []string{"DE"}},
	})
}

// TestLanguagesNamedByDemonym checks the phrase entry
// languages-named-by-demonym (phrases.yaml): a language named by its
// demonym ("la langue française", "російської мови", "deutschen Sprache")
// is the language, not the country.
func TestLanguagesNamedByDemonym(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "fr", title: "Québec : la loi 96 entre en vigueur",
			text: "MONTRÉAL - La réforme de la Charte de la langue française est entrée en vigueur mercredi au Québec. Les entreprises ont six mois pour s'y conformer.",
			want: []string{"CA"}, notWant: []string{"FR"}},
		{name: "uk", title: "Рада ухвалила закон про освіту",
			text: "Верховна Рада України ухвалила закон, який обмежує викладання російської мови в школах. Закон набуде чинності з вересня.",
			want: []string{"UA"}, notWant: []string{"RU"}},
		{name: "de", title: "Namibia stärkt den Unterricht",
			text: "Namibia will den Unterricht der deutschen Sprache an staatlichen Schulen ausbauen, teilte das Bildungsministerium in Windhuk mit.",
			want: []string{"NA"}, notWant: []string{"DE"}},
	})
}

// TestHostsAndPostpositionComparisons checks the meeting words of
// context-meetings-id-ms-sw-vi (the host of a summit or of talks, "KTT di",
// "محادثات استضافتها") and the comparison words written after the name
// ("Arjantin'deki gibi"), which judge a sentence after the lead.
func TestHostsAndPostpositionComparisons(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "id summit host", title: "Timor Leste resmi bergabung dengan ASEAN",
			text: "DILI - Timor Leste resmi menjadi anggota ke-11 ASEAN dalam KTT di Kuala Lumpur, Minggu. Perdana menteri menyebutnya hari bersejarah.",
			want: []string{"TL"}, notWant: []string{"MY"}},
		{name: "ar hosted talks", title: "الرياض وطهران تتفقان على استئناف العلاقات",
			text: "اتفقت السعودية وإيران على استئناف العلاقات الدبلوماسية وإعادة فتح السفارتين خلال شهرين، بعد محادثات استضافتها بكين.",
			want: []string{"SA", "IR"}, notWant: []string{"CN"}},
		{name: "tr gibi", title: "Merkez Bankası faizi yüzde 50'ye çıkardı",
			text: "ANKARA (AA) - Merkez Bankası politika faizini 500 baz puan artırarak yüzde 50'ye yükseltti. Karar, Arjantin'deki gibi yüksek enflasyonla mücadele kapsamında alındı.",
			want: []string{"TR"}, notWant: []string{"AR"}},
	})
}

// TestLongerPlaceNames checks longerPlaceName: a city's name followed by
// "de", "del", "do"… and a capitalized word the taxonomy does not know is
// another, longer place ("San Antonio del Táchira" is in Venezuela), while a
// known name after the link keeps the city.
func TestLongerPlaceNames(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "es del", title: "Reabren el paso fronterizo",
			text: "Colombia y Venezuela reabrieron el lunes el paso fronterizo entre Cúcuta y San Antonio del Táchira, cerrado desde 2015. Camiones cargados cruzaron el puente por primera vez en siete años.",
			want: []string{"CO", "VE"}, notWant: []string{"US"}},
		{name: "es de", title: "Peregrinos llegan en masa",
			text:    "Miles de peregrinos llegaron este fin de semana a Santiago de Compostela para el Año Santo, informó el arzobispado.",
			notWant: []string{"CL"}},
	})
}

// TestStatisticsOffices checks the statistics offices of
// history-institutions.yaml: named in the lead, an office stands for its
// country ("selon l'Insee"), as a ministry does.
func TestStatisticsOffices(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "fr", title: "Le chômage au plus bas depuis 2008",
			text: "Le taux de chômage est tombé à 7,1 % au troisième trimestre, selon l'Insee, son plus bas niveau depuis 2008. Le gouvernement vise le plein emploi.",
			want: []string{"FR"}},
		{name: "ru", title: "Инфляция замедлилась",
			text: "Годовая инфляция в январе замедлилась до 7,4%, сообщил Росстат. Аналитики ожидают дальнейшего снижения цен.",
			want: []string{"RU"}},
	})
}

// TestEmbassyStatements checks the embassy stems of the reacted rule
// (context-reacted-asia-africa): after the lead, a sentence in which an
// embassy speaks ("中国驻印尼使馆表示") is its country's reaction, not its
// story.
func TestEmbassyStatements(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "zh", title: "印尼苏拉威西岛发生强烈地震",
			text: "印度尼西亚苏拉威西岛28日发生7.5级地震并引发海啸，已造成数百人死亡。中国驻印尼使馆表示，暂无中国公民伤亡报告。",
			want: []string{"ID"}, notWant: []string{"CN"}},
	})
}

// TestSurnameThatIsAnAdjective checks personOverAdjective: a capitalized
// word that is an actor's surname and, written in lower case in the
// taxonomy, another language's adjective of a country is the person
// (Australia's "Albanese", not Italian "albanese"; Ukraine's "Syrsky", not
// Czech "syrský"), while the adjective in lower case keeps its country.
func TestSurnameThatIsAnAdjective(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "en Albanese alone", title: "Albanese heads to Washington",
			text: "Albanese will meet the US president at the White House next week, his office said.",
			want: []string{"AU"}, notWant: []string{"AL"}},
		{name: "en Syrsky", title: "Syrsky says front holding",
			text: "Ukrainian commander Oleksandr Syrsky said on Monday the front near Pokrovsk was holding.",
			want: []string{"UA"}, notWant: []string{"SY"}},
		{name: "it the adjective in lower case", title: "Il premier albanese Rama a Roma",
			text: "Il primo ministro albanese Edi Rama ha incontrato Giorgia Meloni a Roma per discutere di migranti.",
			want: []string{"AL"}},
	})
}
