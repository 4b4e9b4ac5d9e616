package tag

import "testing"

// TestLang16Names checks the names, inflection classes and guards added for
// the weak and uncovered languages of session lang16 (names-lang16.yaml,
// inflection.yaml, phrases.yaml, actors.yaml): each text names its country
// only in that way, and each case fails without its data.
func TestLang16Names(t *testing.T) {
	checkContextCases(t, []contextCase{
		// Demonym nouns, the people of a country.
		{name: "el demonym", title: "Άφιξη",
			text: "Ο Γερμανός καγκελάριος έφτασε το πρωί.", want: []string{"DE"}},
		{name: "el genitive plural", title: "Απελάσεις",
			text: "Η απέλαση δύο Ελλήνων διπλωματών ανακοινώθηκε χθες.", want: []string{"GR"}},
		{name: "nl demonym", title: "Verkiezingen",
			text: "De Duitsers stemden zondag voor een nieuw parlement.", want: []string{"DE"}},
		{name: "sv definite plural", title: "Val",
			text: "Tyskarna röstade på söndagen.", want: []string{"DE"}},
		{name: "da definite plural", title: "Valg",
			text: "Nordmændene stemte mandag.", want: []string{"NO"}},
		{name: "cs demonym", title: "Volby",
			text: "Češi volili nový parlament.", want: []string{"CZ"}},
		{name: "bg definite", title: "Атака",
			text: "Руснаците нападнаха града през нощта.", want: []string{"RU"}},
		{name: "lt demonym", title: "Rinkimai",
			text: "Lietuviai sekmadienį balsavo rinkimuose.", want: []string{"LT"}},
		{name: "et demonym", title: "Rünnak",
			text: "Venelased ründasid linna öösel.", want: []string{"RU"}},
		{name: "tr demonym", title: "Saldırı",
			text: "Ruslar gece saatlerinde kente saldırdı.", want: []string{"RU"}},
		// Adjectives CLDR lacks.
		{name: "pt brasileiro", title: "Medidas",
			text: "O governo brasileiro anunciou novas medidas.", want: []string{"BR"}},
		{name: "ro rusești", title: "Atac",
			text: "Drone rusești au lovit orașul.", want: []string{"RU"}},
		{name: "ro government phrase", title: "Decizie",
			text: "Guvernul român a decis să majoreze pensiile.", want: []string{"RO"}},
		// Inflection classes: Georgian a-stems, Lithuanian -us.
		{name: "ka a-stem genitive", title: "განცხადება",
			text: "სირიის მთავრობამ განცხადება გაავრცელა.", want: []string{"SY"}},
		{name: "lt -us locative", title: "Protestas",
			text: "Vilniuje vyko protestas prieš naują įstatymą.", want: []string{"LT"}},
		{name: "et listed stem", title: "Meeleavaldus",
			text: "Tallinnas toimus laupäeval meeleavaldus.", want: []string{"EE"}},
		{name: "ka breakaway region", title: "არჩევნები",
			text: "აფხაზეთში არჩევნები ჩატარდა.", want: []string{"GE"}},
		{name: "zh-Hant full name", title: "移交",
			text: "香港主權正式移交中華人民共和國。", want: []string{"CN"}},
		// Leaders in their own press's script.
		{name: "th leader", title: "แถลงข่าว",
			text: "นายเศรษฐา ทวีสิน นายกรัฐมนตรี แถลงที่ทำเนียบรัฐบาล", want: []string{"TH"}},
		{name: "he leader", title: "פגישה",
			text: "מנחם בגין נפגש עם השגריר.", want: []string{"IL"}},
		{name: "fi leader genitive", title: "Tilanne",
			text: "Sauli Niinistön mukaan tilanne on vakava.", want: []string{"FI"}},
		{name: "sl leader", title: "Izjava",
			text: "Premier Robert Golob je dejal, da vlada ne bo odstopila.", want: []string{"SI"}},
		{name: "hr JNA", title: "Granatiranje",
			text: "Jedinice Jugoslavenske narodne armije granatirale su grad.", want: []string{"RS"}},
		// Guards: words that hold or are a country's name.
		{name: "th klao is not Laos", title: "แถลงข่าว",
			text: "โฆษกรัฐบาลกล่าวว่าจะมีการประชุมในสัปดาห์หน้า", notWant: []string{"LA"}},
		{name: "he fierce is not Gaza", title: "ביקורת",
			text: "ביקורת עזה נשמעה נגד התוכנית החדשה.", notWant: []string{"PS"}},
		{name: "he river is not Jordan", title: "מפלס הירדן עלה",
			text: "הגשמים הביאו לעליית מפלס נהר הירדן.", notWant: []string{"JO"}},
		{name: "vi cosmetics is not America", title: "Thị trường",
			text: "Mỹ phẩm xuất khẩu tăng mạnh trong quý ba.", notWant: []string{"US"}},
		{name: "fr la réunion is a meeting", title: "Conseil des ministres",
			text: "La réunion a eu lieu mardi à l'Élysée.", notWant: []string{"RE"}},
		// The island must stay tagged once "La Réunion" is case-sensitive.
		{name: "fr la Réunion is the island", title: "Cyclone",
			text: "Un cyclone a frappé la Réunion dans la nuit.", want: []string{"RE"}},
		{name: "vi given name is not Russia", title: "Giá cả",
			text: "Chị Nga cho biết giá rau tăng gấp đôi.", notWant: []string{"RU"}},
		{name: "it mortar is not Malta", title: "Edilizia",
			text: "Il prezzo della malta cementizia è aumentato.", notWant: []string{"MT"}},
	})
}

// TestLang16Institutions checks the second batch of names-lang16.yaml: the
// cases listed by hand where a stem's ending is read as an English word
// (Finnish "Israelissa"), cities the generated names lacked, and the
// parliaments, seats of government and monarchs a domestic story names
// instead of its country.
func TestLang16Institutions(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "fi Israel by hand", title: "Vaalit",
			text: "Israelissa järjestetään vaalit marraskuussa.", want: []string{"IL"}},
		{name: "fi parliament", title: "Laki",
			text: "Eduskunnassa äänestettiin tiistaina uudesta laista.", want: []string{"FI"}},
		{name: "fi city stem", title: "Mielenosoitus",
			text: "Tampereella osoitettiin mieltä lauantaina.", want: []string{"FI"}},
		{name: "pl city", title: "Protest",
			text: "W Krakowie odbył się protest przeciwko reformie.", want: []string{"PL"}},
		{name: "hu parliament", title: "Törvény",
			text: "Az Országgyűlés kedden elfogadta a törvényt.", want: []string{"HU"}},
		{name: "ms parliament", title: "Rang undang-undang",
			text: "Dewan Rakyat meluluskan rang undang-undang itu semalam.", want: []string{"MY"}},
		{name: "pt-BR congress", title: "Reforma",
			text: "O Congresso Nacional aprovou a reforma tributária.", want: []string{"BR"}},
		{name: "da seat and monarch", title: "Nytår",
			text: "Kong Frederik holdt sin første nytårstale fra Christiansborg.", want: []string{"DK"}},
		{name: "th Putin", title: "แถลง",
			text: "ปูตินแถลงต่อรัฐสภา", want: []string{"RU"}},
		{name: "el former prime minister", title: "Δήλωση",
			text: "Ο Ανδρέας Παπανδρέου δήλωσε ότι η κυβέρνηση θα παραμείνει.", want: []string{"GR"}},
		{name: "it press synonym", title: "Referendum",
			text: "Gli elettori elvetici hanno respinto la proposta.", want: []string{"CH"}},
		{name: "id palace", title: "Pengumuman",
			text: "Istana Merdeka mengumumkan susunan kabinet baru.", want: []string{"ID"}},
		{name: "th southern province", title: "เหตุระเบิด",
			text: "เกิดเหตุระเบิดที่ปัตตานี", want: []string{"TH"}},
	})
}
