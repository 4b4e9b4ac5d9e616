package tag

import (
	"slices"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// TestInflectedNames checks that names inflected by the rules of
// config/taxonomy/inflection.yaml are found: case endings (Slavic, Baltic,
// Finnic, Hungarian, Turkic, German genitive) and glued prefixes (Arabic,
// Hebrew). Without the rules none of these texts names its country.
func TestInflectedNames(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct{ lang, text, want string }{
		{"pl", "Premier rozmawiał o sytuacji we Francji i o sankcjach.", "FR"},
		{"pl", "Delegacja poleciała do Rosji, a potem rozmawiała z Rosją o gazie.", "RU"},
		{"pl", "Wojska wycofały się z Ukrainy po rozmowach.", "UA"},
		{"cs", "Ministr jednal ve Francii o obchodu.", "FR"},
		{"cs", "Vláda jednala s Ruskem o dodávkách plynu.", "RU"},
		{"sl", "Premier je bil na obisku v Franciji.", "FR"},
		{"hr", "Ministar je boravio u Francuskoj dva dana.", "FR"},
		{"ru", "Министр заявил, что в России и Турции пройдут переговоры.", "TR"},
		{"uk", "Делегація прибула до Туреччини на переговори.", "TR"},
		{"lt", "Ministras lankėsi Prancūzijoje ir kalbėjo apie prekybą.", "FR"},
		{"fi", "Pääministeri vieraili Venäjällä ja puhui kaupasta.", "RU"},
		{"hu", "A miniszter Oroszországban tárgyalt a gázszállításokról.", "RU"},
		{"de", "Deutschlands Regierung kritisierte Russlands Vorgehen scharf.", "RU"},
		{"ar", "وصل الوزير إلى دمشق لإجراء محادثات وسوريا ترحب بالزيارة.", "SY"},
		{"ar", "قال مسؤولون إن الحكومة ستبعث وفدا بتركيا الأسبوع المقبل.", "TR"},
		{"he", "השר ביקר בצרפת ונפגש עם נשיא המדינה.", "FR"},
		{"kk", "Министр Қытайға сапармен барды.", "CN"},
		{"fa", "آمریکایی\u200cها از این تصمیم استقبال نکردند.", "US"}, // plural after a zero-width non-joiner
		{"fa", "روس\u200cها نیروهای تازه\u200cای فرستادند.", "RU"},
		// Languages beyond the list: CLDR's names, the grammars' endings.
		{"uz", "Prezident Xitoydan qaytib, Eronga jo‘nab ketdi.", "IR"},
		{"mn", "Ерөнхийлөгч Хятадад айлчилж байна.", "CN"},
		{"eu", "Lehendakaria Errusiara joan da.", "RU"},
		{"is", "Forsetinn kom til Rússlands í gær.", "RU"},
		{"ta", "அமைச்சர் ஈரானுக்கு பயணம் மேற்கொண்டார்.", "IR"},
		{"mr", "पंतप्रधान जपानला रवाना झाले.", "JP"},
	} {
		r := tg.Tag("", c.text)
		if !slices.Contains(r.Countries, c.want) {
			t.Errorf("%s %q: countries %v, want %s (mentions %v)", c.lang, c.text, r.Countries, c.want, r.Mentions)
		}
	}
}

// TestInflectionGuards checks the precision guards: a stem needs one of its
// class's endings (not any word that starts like it), the exceptions are not
// inflected, a word spelled out in the taxonomy beats a stem and ending, and
// the minimum stem length holds.
func TestInflectionGuards(t *testing.T) {
	entries := []config.TaxonomyEntry{
		{ID: "france", Kind: "country", ISO: "FR", Name: "France", Names: map[string][]string{"pl": {"Francja"}}},
		{ID: "chile", Kind: "country", ISO: "CL", Name: "Chile", Names: map[string][]string{"pl": {"Chile"}}},
		{ID: "iran", Kind: "country", ISO: "IR", Name: "Iran", Names: map[string][]string{"pl": {"Iran"}}},
		{ID: "togo", Kind: "country", ISO: "TG", Name: "Togo", Names: map[string][]string{"pl": {"Ur"}}},
	}
	rules := []config.Inflection{{Langs: []string{"pl"}, MinStem: 3, Except: []string{"Chile"},
		Suffixes: []config.AffixClass{
			{Ends: []string{"ja"}, Strip: "a", Add: []string{"i", "ę"}},
			{Add: []string{"u", "ie", "em"}},
		}}}
	tg, err := New(entries, rules...)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"Rozmowy we Francji trwały długo.":   "FR",
		"Rozmowy w Iranie trwały długo.":     "IR",
		"Francjada to nie jest kraj.":        "",
		"Iranistyka to nauka o kraju.":       "",
		"Chilem nazywano kiedyś coś innego.": "", // an exception
		"Uru to nie jest kraj.":              "", // stem "Ur" is too short
	} {
		r := tg.Tag("", text)
		got := ""
		if len(r.Countries) > 0 {
			got = r.Countries[0]
		}
		if got != want {
			t.Errorf("%q: countries %v, want %q", text, r.Countries, want)
		}
	}
	// Without the rules the inflected forms are not found.
	plain, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	if r := plain.Tag("", "Rozmowy we Francji trwały długo."); len(r.Countries) != 0 {
		t.Errorf("no rules: countries %v", r.Countries)
	}
}

// TestCommonWordNames checks names that are also common words in a language
// of the news: French "Réunion" (a meeting) is not the island, while the
// island is still found in English and in French with its article; Arabic
// "الاتحاد الأفريقي" (the African Union), with or without a glued prefix, is
// the organization, not the region Africa.
func TestCommonWordNames(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct {
		title, text string
		want        string // a country wanted, or ""
		notWant     string
		actor       string
	}{
		{"Réunion des ministres", "PARIS (AFP) - Réunion à Bruxelles : les ministres européens ont discuté du budget.", "", "RE", ""},
		{"Cyclone hits Réunion", "A cyclone struck the French island of Réunion on Monday, cutting power to thousands.", "RE", "", ""},
		{"Cyclone à La Réunion", "Un cyclone a frappé La Réunion lundi, privant des milliers de foyers d'électricité.", "RE", "", ""},
		{"", "دعا الاتحاد الأفريقي إلى وقف إطلاق النار.", "", "", "african-union"},
		{"", "وجه الرئيس رسالة للاتحاد الأفريقي بشأن الأزمة.", "", "", "african-union"},
	} {
		r := tg.Tag(c.title, c.text)
		if c.want != "" && !slices.Contains(r.Countries, c.want) {
			t.Errorf("%q: countries %v, want %s", c.text, r.Countries, c.want)
		}
		if c.notWant != "" && slices.Contains(r.Countries, c.notWant) {
			t.Errorf("%q: countries %v, %s is a common word here", c.text, r.Countries, c.notWant)
		}
		if c.actor != "" && (!slices.Contains(r.Actors, c.actor) || slices.Contains(r.Regions, "africa")) {
			t.Errorf("%q: actors %v regions %v, want %s and no region", c.text, r.Actors, r.Regions, c.actor)
		}
	}
}

// TestLeadersInflectedAndNoSpaceScripts checks that leaders' names take the
// endings of their language ("z Putinem", "Putyinnal", "Trumpui") and that
// names in scripts without spaces still match inside a run of characters
// (Chinese, Japanese, Thai).
func TestLeadersInflectedAndNoSpaceScripts(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct{ text, actor, country string }{
		{"Premier rozmawiał z Putinem i Zełenskim o rozejmie.", "volodymyr-zelensky", "RU"},
		{"A miniszterelnök Putyinnal tárgyalt a gázról.", "vladimir-putin", "RU"},
		{"Trumpui buvo pasiūlyta susitikti Vilniuje.", "donald-trump", "US"},
		{"普京与习近平在北京举行会谈。", "vladimir-putin", "CN"},
		{"岸田首相はワシントンでバイデン大統領と会談した。", "", "US"},
		{"นายกรัฐมนตรีเดินทางเยือนรัสเซียเพื่อหารือเรื่องพลังงาน", "", "RU"},
	} {
		r := tg.Tag("", c.text)
		if c.actor != "" && !slices.Contains(r.Actors, c.actor) {
			t.Errorf("%q: actors %v, want %s", c.text, r.Actors, c.actor)
		}
		if !slices.Contains(r.Countries, c.country) {
			t.Errorf("%q: countries %v, want %s", c.text, r.Countries, c.country)
		}
	}
}

// TestNamesOfTheWiderPress checks the names added beyond CLDR's country
// names: capitals and cities in other languages (names-cities.yaml), country
// adjectives from CLDR's language names with their endings, the states of
// the past filed under today's, traditional Chinese names in 國, and the
// endings added for Dutch, the Nordic languages, Belarusian, Macedonian,
// Armenian and Amharic. Each text names its country only in that way.
func TestNamesOfTheWiderPress(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct{ lang, text, want string }{
		{"fi", "Neuvotteluja jatketaan Tukholmassa ensi viikolla, ministeri sanoi.", "SE"},
		{"pl", "Rozmowy odbyły się w Zagrzebiu, a potem w Zagrzebiu podpisano umowę.", "HR"},
		{"pl", "Niemiecki rząd zapowiedział nowe przepisy i niemieckie firmy je poparły.", "DE"},
		{"nl", "De Duitse regering kondigde nieuwe regels aan voor de energiemarkt.", "DE"},
		{"da", "Den tyske regering har fremlagt en ny plan for energi.", "DE"},
		{"sv", "Ungerns regering har godkänt avtalet efter långa förhandlingar.", "HU"},
		{"fa", "دولت آلمانی برنامه تازه\u200cای برای انرژی اعلام کرد.", "DE"},
		{"de", "Die polnische Regierung hat ein neues Gesetz beschlossen.", "PL"},
		{"fi", "Neuvostoliiton johto hyväksyi sopimuksen pitkien neuvottelujen jälkeen.", "RU"},
		{"lt", "Sovietų Sąjungos vadovybė pasirašė sutartį po ilgų derybų.", "RU"},
		{"cs", "Vláda Československa podepsala smlouvu o obchodu.", "CZ"},
		{"zh-Hant", "中國外交部發言人表示，將繼續推動對話。", "CN"},
		{"be", "Урад заявіў, што ў Беларусі пачынаюцца выбары.", "BY"},
		{"mk", "Францускиот претседател ја посети земјата и разговараше за трговијата.", "FR"},
		{"hy", "Ֆրանսիայի կառավարությունը հայտարարեց նոր ծրագրի մասին։", "FR"},
		{"am", "ኢትዮጵያና ሱዳን ስምምነት ተፈራረሙ።", "ET"},
		{"hr", "Vlada u Sarajevu i predstavnici BiH potpisali su sporazum o granici.", "BA"},
		// Finnish consonant gradation and -lainen adjectives.
		{"fi", "Presidentti vieraili Turkissa ja neuvotteli kaupasta.", "TR"},
		{"fi", "Venäläisten joukkojen hyökkäys jatkui koko yön.", "RU"},
		{"tr", "Ukraynalı yetkililer ateşkes için yeni bir öneri sundu.", "UA"},
		{"fa", "نیروهای عراقی وارد شهر شدند و کنترل آن را به دست گرفتند.", "IQ"},
		{"ar", "قالت القوات الإيرانية إنها ستواصل التدريبات في الخليج.", "IR"},
		{"he", "הצבא האיראני הודיע על תרגיל גדול במפרץ.", "IR"},
		{"el", "Η γερμανική κυβέρνηση ανακοίνωσε νέα μέτρα για την ενέργεια.", "DE"},
		// Capitals that are no time zone (names-news.yaml).
		{"pl", "Rozmowy w Waszyngtonie zakończyły się porozumieniem w sprawie ceł.", "US"},
		{"el", "Η Άγκυρα απέρριψε την πρόταση για νέες συνομιλίες.", "TR"},
		{"cs", "Peking odmítl kritiku a obvinil Západ z vměšování.", "CN"},
		// Leaders as other presses spell them (names-leaders.yaml).
		{"sv", "Gorbatjov lovade reformer i ett tal på tisdagen.", "RU"},
		{"pl", "Gorbaczowa przyjęto z honorami podczas wizyty.", "RU"},
		{"el", "Ο Μακρόν δήλωσε ότι η συμφωνία είναι ιστορική.", "FR"},
		{"he", "ביידן אמר כי ההסכם חשוב לביטחון האזור.", "US"},
	} {
		r := tg.Tag("", c.text)
		if !slices.Contains(r.Countries, c.want) {
			t.Errorf("%s %q: countries %v, want %s (mentions %v)", c.lang, c.text, r.Countries, c.want, r.Mentions)
		}
	}
	// Words that look like names elsewhere: Réunion is a meeting in Italian
	// and Portuguese, Slovak "slovenská" is not Swedish "slovenska"
	// (Slovene), Simona Halep is not Aleppo, "el paso" a crossing.
	for _, c := range []struct{ text, not string }{
		{"La riunione del consiglio comunale è finita tardi.", "RE"},
		{"A reunião do conselho terminou tarde.", "RE"},
		{"Slovenská vláda schválila rozpočet. Slovenská ekonomika rastie.", "SI"},
		{"Simona Halep a câștigat turneul de tenis. Halep va juca în finală.", "SY"},
		{"Se reabrió el paso fronterizo. El paso estuvo cerrado tres años.", "US"},
		{"Seul le président a pris la parole. Seul un accord compte.", "KR"},
		{"The island was hit by a storm. The island's airport closed.", "IS"},
		{"جرفت السيول أحياء بأكملها بعد انهيار السدين.", "KR"},
		{"כוחות הצבא פעלו בצפון סיני לאורך הלילה.", "CN"},
		{"She set the table with fine china. The china was a wedding gift.", "CN"},
	} {
		if r := tg.Tag("Știri", c.text); slices.Contains(r.Countries, c.not) {
			t.Errorf("%q: countries %v, want no %s", c.text, r.Countries, c.not)
		}
	}
}

// TestCaseSensitivePersonInflects checks that a person whose English name is
// case-sensitive ("Trump", not "trump") still takes the endings of the
// languages that list the name, capitalized only: "Trumpa", "Trumps".
func TestCaseSensitivePersonInflects(t *testing.T) {
	entries := []config.TaxonomyEntry{
		{ID: "united-states", Kind: "country", ISO: "US", Name: "United States"},
		{ID: "donald-trump", Kind: "actor", Type: "person", Name: "Donald Trump", Country: "united-states",
			Implies: []string{"united-states"},
			Aliases: []config.Alias{{Text: "Trump", CaseSensitive: true}},
			Names:   map[string][]string{"pl": {"Trump"}}},
	}
	rules := []config.Inflection{{Langs: []string{"pl"}, MinStem: 3,
		Suffixes: []config.AffixClass{{Add: []string{"a", "em", "owi"}}}}}
	tg, err := New(entries, rules...)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"Spotkanie z Trumpem trwało godzinę.":  true,
		"Rozmowa Trumpa z premierem.":          true,
		"Trump przyleciał do Warszawy.":        true,
		"To był trumpem, a nie nazwiskiem.":    false, // lower case is not the name
		"Karty: trump, trumpa i trumpowi nic.": false,
	} {
		r := tg.Tag("", text)
		if got := slices.Contains(r.Actors, "donald-trump"); got != want {
			t.Errorf("%q: actors %v, want donald-trump %v", text, r.Actors, want)
		}
	}
}

// TestInflectionBrahmicSigns checks the rules of scripts whose vowel signs
// and virama the fold drops: an end that folds to nothing (Devanagari "ू")
// fits no name, where it used to fit every name and give the consonant-final
// "भारत" the endings of "रशिया"; and a short stem written with a final
// virama (Tamil "ஈரான்") takes an ending that replaces the virama
// ("ஈரானில்"), where the check of its spelling as written refused it.
func TestInflectionBrahmicSigns(t *testing.T) {
	entries := []config.TaxonomyEntry{
		{ID: "india", Kind: "country", ISO: "IN", Name: "India", Names: map[string][]string{"mr": {"भारत"}}},
		{ID: "iran", Kind: "country", ISO: "IR", Name: "Iran", Names: map[string][]string{"ta": {"ஈரான்"}}},
	}
	rules := []config.Inflection{
		{Langs: []string{"mr"}, MinStem: 2, Suffixes: []config.AffixClass{
			{Ends: []string{"ा", "ू"}, Add: []string{"त"}},
			{Add: []string{"ात", "ाला"}},
		}},
		{Langs: []string{"ta"}, MinStem: 2, Suffixes: []config.AffixClass{{Add: []string{"ில்", "ின்"}}}},
	}
	tg, err := New(entries, rules...)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"भारतात निवडणूक. भारताला भेट.", "IN"},
		{"ஈரானில் தேர்தல். ஈரானின் அதிபர்.", "IR"},
	} {
		if r := tg.Tag(c.text, ""); !slices.Contains(r.Countries, c.want) {
			t.Errorf("%q: countries %v, want %s", c.text, r.Countries, c.want)
		}
	}
	if r := tg.Tag("भारतत निवडणूक. भारतत भेट.", ""); len(r.Countries) != 0 {
		t.Errorf("the vowel-final class's ending on a consonant-final name: countries %v", r.Countries)
	}
}
