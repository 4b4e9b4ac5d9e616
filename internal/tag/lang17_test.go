package tag

import "testing"

// TestLang17Names checks the names and inflection classes added for the
// weakest held-out languages of session lang17 (names-lang17.yaml, the Irish
// mutation classes of inflection.yaml): each text names its country only in
// that way, and each case fails without its data.
func TestLang17Names(t *testing.T) {
	checkContextCases(t, []contextCase{
		// Irish: CLDR's names carry the article's mutation; the genitive and
		// eclipsis do not.
		{name: "ga genitive of a lenited name", title: "Toghchán",
			text: "Dúirt rialtas na Brasaíle go raibh an toghchán saor.", want: []string{"BR"}},
		{name: "ga genitive of a t-prefixed name", title: "Geilleagar",
			text: "Tá geilleagar na Seapáine ag fás arís.", want: []string{"JP"}},
		{name: "ga eclipsis of a lenited name", title: "Toghchán",
			text: "Beidh toghchán i bPacastáin an mhí seo chugainn.", want: []string{"PK"}},
		{name: "ga eclipsis of p", title: "Pléasc",
			text: "Tharla pléasc mhór i bPáras aréir.", want: []string{"FR"}},
		{name: "ga people plural", title: "Ionsaí",
			text: "D'ionsaigh na hÚcránaigh an droichead.", want: []string{"UA"}},
		// Leaders of the own press in their cases.
		{name: "fi leader genitive", title: "Hallitus",
			text: "Pääministeri Orpon hallitus esitti budjetin.", want: []string{"FI"}},
		{name: "fi president genitive", title: "Vierailu",
			text: "Presidentti Kekkosen vierailu kesti viikon.", want: []string{"FI"}},
		{name: "pl leader genitive", title: "Spotkanie",
			text: "Rząd premiera Morawieckiego przyjął budżet.", want: []string{"PL"}},
		{name: "hy leader", title: "Հայտարարություն",
			text: "Փաշինյանը հայտարարեց, որ բանակցությունները շարունակվում են։", want: []string{"AM"}},
		{name: "kk leader genitive", title: "Жарлық",
			text: "Назарбаевтың жарлығы бойынша полигон жабылды.", want: []string{"KZ"}},
		{name: "sr leader genitive", title: "Суђење",
			text: "Суђење Милошевићу почело је у уторак.", want: []string{"RS"}},
		// A Finnish genitive that reads as an English demonym, before a
		// Finnish noun.
		{name: "fi genitive before a non-English word", title: "Vierailu",
			text: "Italian pääministeri saapui Helsinkiin.", want: []string{"IT"}},
		{name: "fi genitive before a Finnish role", title: "Ero",
			text: "Latvian hallitus erosi maanantaina.", want: []string{"LV"}},
		{name: "nl adjective spelled as in English", title: "Protest",
			text: "De Chinese regering protesteerde maandag.", want: []string{"CN"}},
		{name: "nl people noun", title: "Onderzoek",
			text: "Marokkanen stemden zondag in groten getale.", want: []string{"MA"}},
		{name: "en demonym before a thing stays weak", title: "Lunch",
			text: "He opened an Italian restaurant in Leeds, where Britain's chefs train.", notWant: []string{"IT"}},
		// Words that are a country's name and something else.
		{name: "cs Charles University", title: "Stávka",
			text: "Studenti UK budou ve středu stávkovat, oznámila Univerzita Karlova.", notWant: []string{"GB"}},
		{name: "en UK still Britain", title: "Budget",
			text: "The UK government raised taxes.", want: []string{"GB"}},
		{name: "ur peace is not China", title: "مہنگائی",
			text: "مہنگائی کی وجہ سے عوام چین سے سو نہیں سکتے۔", notWant: []string{"CN"}},
		{name: "ur sugar is not Chinese", title: "مہنگائی",
			text: "حکومت نے آٹا اور چینی کی قیمتوں میں اضافہ کر دیا۔", notWant: []string{"CN"}},
		{name: "ur from China still China", title: "قرض",
			text: "پاکستان کو چین سے دو ارب ڈالر کا قرض ملا۔", want: []string{"CN"}},
		// Polish locatives that palatalize (t → cie, d → dzie) and the
		// cities of the news in Polish.
		{name: "pl locative in -cie", title: "Szczyt",
			text: "Przywódcy spotkali się w Taszkencie.", want: []string{"UZ"}},
		{name: "pl locative in -dzie", title: "Wybuch",
			text: "Do wybuchu doszło w Kaliningradzie.", want: []string{"RU"}},
		{name: "pl instrumental of a city", title: "Katastrofa",
			text: "Samolot rozbił się pod Smoleńskiem.", want: []string{"RU"}},
		{name: "sl locative of Rome", title: "Vlada",
			text: "Vlada v Rimu je odstopila.", want: []string{"IT"}},
		// Where a summit of an organization or a championship was held.
		{name: "it summit of an organization", title: "Vertice Nato a Madrid, sì alla Finlandia",
			text: "La Turchia ha ritirato il veto sull'adesione della Finlandia dopo un incontro tra Erdogan e Niinistö.", notWant: []string{"ES"}},
		{name: "pl summit of an organization", title: "Szczyt NATO w Wilnie",
			text: "Turcja zgodziła się na przyjęcie Szwecji do sojuszu, a Szwecja obiecała zaostrzyć prawo.", notWant: []string{"LT"}},
		{name: "it championship", title: "L'Argentina campione del mondo",
			text: "La nazionale argentina ha battuto la Francia ai rigori nella finale dei Mondiali in Qatar.", notWant: []string{"QA"}},
		// The people of a country, and Armenian names of the neighbours' leaders.
		{name: "sr people plural", title: "Протест",
			text: "Руси су у петак затворили границу.", want: []string{"RU"}},
		{name: "mk people definite", title: "Граница",
			text: "Грците ја отворија границата.", want: []string{"GR"}},
		{name: "sl Slovakia locative", title: "Volitve",
			text: "Na Slovaškem so v soboto potekale volitve.", want: []string{"SK"}},
		{name: "hy neighbour's leader", title: "Հանդիպում",
			text: "Էրդողանը հայտարարեց, որ սահմանը կբացվի։", want: []string{"TR"}},
		{name: "hu Romanian government", title: "Tiltakozás",
			text: "A román kormány tiltakozott a döntés ellen.", want: []string{"RO"}},
		{name: "kk lower-case adjective", title: "Инвестиция",
			text: "Германиялық емес, қытайлық инвесторлар зауыт салады.", want: []string{"CN"}},
		{name: "kk adjective plural", title: "Сапар",
			text: "Ресейліктер шекарадан өтті.", want: []string{"RU"}},
		// The pope's office.
		{name: "pl pope", title: "Pielgrzymka",
			text: "Papież odprawił mszę dla miliona wiernych.", want: []string{"VA"}},
		{name: "fi pope", title: "Joulu",
			text: "Paavi piti perinteisen joulupuheensa.", want: []string{"VA"}},
		{name: "en pause is not the pope", title: "Talks resume",
			text: "Negotiators resumed talks after a two-week pause.", notWant: []string{"VA"}},
		{name: "id whale is not the pope", title: "Pantai",
			text: "Seekor ikan paus terdampar di pantai Bali.", notWant: []string{"VA"}},
		// Latin America is not the United States.
		{name: "id Latin America", title: "Ekspor",
			text: "Indonesia memperluas ekspor kopi ke Amerika Latin.", notWant: []string{"US"}},
		{name: "vi Latin America", title: "Thương mại",
			text: "Việt Nam đẩy mạnh xuất khẩu sang Mỹ Latinh.", notWant: []string{"US"}},
		// Things named with a country's adjective in the other languages.
		{name: "pt French bread", title: "Padarias",
			text: "O preço do pão francês subiu em Curitiba.", notWant: []string{"FR"}},
		{name: "pt roller coaster", title: "Parque",
			text: "O parque instalou uma nova montanha-russa.", notWant: []string{"RU"}},
		{name: "pl Russian roulette", title: "Budżet",
			text: "Minister gra w rosyjską ruletkę z budżetem.", notWant: []string{"RU"}},
		{name: "pl wrench", title: "Warsztat",
			text: "Potrzebny jest klucz francuski.", notWant: []string{"FR"}},
		{name: "nl idiom", title: "Onderzoek",
			text: "Het onderzoek was een Franse slag.", notWant: []string{"FR"}},
		{name: "it Russian salad", title: "Ricetta",
			text: "Per antipasto l'insalata russa.", notWant: []string{"RU"}},
		// The own country's regions and Armenia's genitive.
		{name: "it region", title: "Alluvione",
			text: "Le piogge hanno colpito l'Emilia-Romagna.", want: []string{"IT"}},
		{name: "ro region", title: "Cutremur",
			text: "Un cutremur s-a produs în zona Vrancea.", want: []string{"RO"}},
		{name: "fi region", title: "Sato",
			text: "Perunasato jäi Pohjanmaalla heikoksi.", want: []string{"FI"}},
		{name: "hy genitive of the people", title: "Ցեղասպանություն",
			text: "Հայոց ցեղասպանության հուշահամալիրում անցկացվեց արարողություն։", want: []string{"AM"}},
		{name: "pl region", title: "Protest",
			text: "Rolnicy z Lubelszczyzny zablokowali drogę.", want: []string{"PL"}},
		{name: "hy Soviet name of a town", title: "Երկրաշարժ",
			text: "Երկրաշարժը ավերեց Լենինականը։", want: []string{"AM"}},
		{name: "ur town", title: "آپریشن",
			text: "ایبٹ آباد میں ایک کمپاؤنڈ پر حملہ ہوا۔", want: []string{"PK"}},
	})
}
