package tag

import (
	"slices"
	"strings"
	"testing"
)

// Each case is tagged with the shipped taxonomy; want must be among the
// countries, notWant must not.
type contextCase struct {
	name, title, text string
	want, notWant     []string
}

func checkContextCases(t *testing.T, cases []contextCase) {
	t.Helper()
	tg := shippedTagger(t)
	for _, c := range cases {
		r := tg.Tag(c.title, c.text)
		for _, w := range c.want {
			if !slices.Contains(r.Countries, w) {
				t.Errorf("%s: %s missing from %v", c.name, w, r.Countries)
			}
		}
		for _, w := range c.notWant {
			if slices.Contains(r.Countries, w) {
				t.Errorf("%s: %s should not be in %v", c.name, w, r.Countries)
			}
		}
	}
}

// TestContextWeighsNames checks the context rules of the salience score:
// where someone fled, names inside 《》, "ancient", plural demonyms, and a
// dateline beside the countries a story is about.
func TestContextWeighsNames(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "refuge", title: "Leader resigns after protests",
			text: "Bangladesh Prime Minister Sheikh Hasina resigned and fled to India as protesters stormed her residence.",
			want: []string{"BD"}, notWant: []string{"IN"}},
		{name: "work title", title: "中国经济的“眼中钉”",
			text: "《北京晚报》与《洛杉矶时报》周二关注中国人的境外购买力，中国游客人数创下新高。",
			want: []string{"CN"}, notWant: []string{"US"}},
		{name: "ancient", title: "Garden statues turn out to be ancient Egyptian relics",
			text:    "A pair of carved stone statues that sat in an English garden for decades are ancient Egyptian relics, an auction house said.",
			notWant: []string{"EG"}},
		{name: "plural demonym", title: "Life at 50C: fleeing the desert",
			text: "Rising heat and desertification are forcing many Mauritanians to leave their ancestral homes, a study found.",
			want: []string{"MR"}},
		{name: "dateline beside the story's countries", title: "Ebola death toll rises in West Africa",
			text: "GENEVA (Reuters) - The Ebola outbreak in Guinea, Sierra Leone and Liberia has killed 932 people, health officials said.",
			want: []string{"GN", "SL", "LR"}, notWant: []string{"CH"}},
		{name: "dateline alone", title: "Talks resume",
			text: "GENEVA (Reuters) - Negotiators resumed talks on Tuesday after a two-week pause, officials said.",
			want: []string{"CH"}},
	})
}

// TestHistoricalAndScriptNames checks names of other decades and scripts:
// the Soviet Union, Korean names that must start a word, Japanese names,
// Chinese and Korean pair abbreviations in a bilateral context.
func TestHistoricalAndScriptNames(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "Soviet Union", title: "Soviet troops pour into Afghanistan",
			text: "Soviet troops flew into Kabul in large numbers, Western diplomats said.",
			want: []string{"RU", "AF"}},
		{name: "Korean particle", title: "정부 발표",
			text: "사랑이란 무엇인가를 묻는 전시회가 서울에서 열렸다.",
			want: []string{"KR"}, notWant: []string{"IR"}},
		{name: "Korean name with particle", title: "이란은 핵 협상 재개를 거부했다",
			text: "이란 정부는 협상 재개를 거부했다고 밝혔다.",
			want: []string{"IR"}},
		{name: "Japanese", title: "岸田首相がウクライナを訪問",
			text: "岸田文雄首相は21日、ウクライナの首都キーウを訪問した。",
			want: []string{"UA"}},
		{name: "Chinese pair", title: "越美举行海上联合演习",
			text: "越南和美国海军本周举行联合演习。",
			want: []string{"VN", "US"}},
		{name: "Chinese pair without context", title: "中英文对照版本上线",
			text:    "这本书的中英文对照版本本周上线。",
			notWant: []string{"GB"}},
		{name: "Nova Scotia", title: "Ferry service resumes",
			text: "HALIFAX, Nova Scotia (CP) - Ferry service between North Sydney, Nova Scotia, and Newfoundland resumed on Monday.",
			want: []string{"CA"}, notWant: []string{"AU"}},
		{name: "Niger River", title: "Floods along the Niger River",
			text: "BAMAKO (Reuters) - Flooding along the Niger River has displaced 40,000 people in central Mali.",
			want: []string{"ML"}, notWant: []string{"NE"}},
		{name: "Nationalist China", title: "Nationalist China protests U.N. vote",
			text: "TAIPEI (AP) - The Nationalist Chinese government on Formosa protested the General Assembly vote.",
			want: []string{"TW"}, notWant: []string{"CN"}},
		{name: "United Arab Republic", title: "United Arab Republic rejects cease-fire plan",
			text: "The United Arab Republic rejected the plan on Sunday, President Nasser's spokesman said.",
			want: []string{"EG"}},
		{name: "Houston", title: "Refinery fire in Houston",
			text: "HOUSTON (Reuters) - A fire at a refinery east of Houston sent smoke over the city on Monday.",
			want: []string{"US"}},
	})
}

// TestCurrencyUnitIsNotTheCountry checks that a country named only as the
// unit of an amount of money is not what the story is about, while the
// currency as the subject of the story still counts.
func TestCurrencyUnitIsNotTheCountry(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "ukrainian unit", title: "Нафта Brent подорожчала вище 50 доларів США за барель",
			text: "Ціна нафти Brent піднялася вище 50 доларів США за барель.", notWant: []string{"US"}},
		{name: "russian unit", title: "Сделка на 2 млрд долларов США",
			text: "Компания заплатит 2 млрд долларов США за долю в проекте.", notWant: []string{"US"}},
		{name: "unit at the end of the title", title: "FedEx купив конкурента за 4,9 мільярда доларів",
			text: "Американська компанія FedEx купила нідерландську TNT Express.", want: []string{"US"}},
		{name: "english amount", title: "Chinese firm buys stake in Kenyan port",
			text: "NAIROBI (Xinhua) - A Chinese company will invest 2 billion U.S. dollars in Kenya's Lamu port, officials said.",
			want: []string{"KE"}, notWant: []string{"US"}},
		{name: "old wire abbreviation", title: "Brazil signs coffee deal",
			text: "BRASILIA, March 3 - Brazil signed a 50 mln U.S. dlrs coffee export deal with Peru.",
			want: []string{"BR"}, notWant: []string{"US"}},
		{name: "dollar sign", title: "Hong Kong developer sells tower",
			text:    "SINGAPORE - A Singapore fund paid US$1.2 billion for the office tower in Singapore.",
			notWant: []string{"US"}},
		{name: "cents", title: "Australian dollar slides after budget warning",
			text: "SYDNEY, May 15 - The Australian dollar fell more than two U.S. cents after the Treasurer's warning, dealers said.",
			want: []string{"AU"}, notWant: []string{"US"}},
		{name: "exchange rate", title: "Taiwan dollar hits record",
			text: "TAIPEI, Sept 15 - The Taiwan dollar rose to a record 30.50 to the U.S. dollar as the central bank stepped back, dealers said.",
			want: []string{"TW"}, notWant: []string{"US"}},
		{name: "currency as subject", title: "Canadian dollar falls after Bank of Canada cut",
			text: "TORONTO - The Canadian dollar fell to a two-year low on Wednesday.", want: []string{"CA"}},
		{name: "country beside an amount", title: "U.S. to give 5 million dollars to Haiti",
			text: "WASHINGTON - The United States will give 5 million dollars in aid to Haiti, the State Department said.",
			want: []string{"US", "HT"}},
	})
}

// TestAllCapitalsTitle checks that in a headline set in capitals a
// case-sensitive name needs the text's support, while country names that do
// not depend on case still count in full.
func TestAllCapitalsTitle(t *testing.T) {
	tg := shippedTagger(t)
	r := tg.Tag("TRADERS WHO SOLD EARLY SAY MARKET OVERSOLD",
		"CHICAGO, March 3 - Traders who sold soybeans early in the session said the market was oversold.")
	if slices.Contains(r.Actors, "who") {
		t.Errorf("WHO in a capitals headline about traders: actors %v", r.Actors)
	}
	r = tg.Tag("WHO WARNS OF NEW EBOLA OUTBREAK",
		"GENEVA, May 8 - The WHO said on Tuesday an Ebola outbreak in Congo could spread.")
	if !slices.Contains(r.Actors, "who") {
		t.Errorf("WHO named in headline and text: actors %v", r.Actors)
	}
	checkContextCases(t, []contextCase{
		{name: "US in capitals, U.S. in the text", title: "US TO SELL WHEAT TO SOVIETS",
			text: "WASHINGTON, April 3 - The U.S. will offer subsidized wheat to the Soviet Union, officials said.",
			want: []string{"US", "RU"}},
		{name: "capitals headline", title: "BUNDESBANK LEAVES CREDIT POLICY UNCHANGED",
			text: "FRANKFURT, March 5 - The Bundesbank left its discount rate unchanged, a spokesman said.",
			want: []string{"DE"}},
		{name: "Chad in capitals", title: "CHAD SAYS LIBYAN TROOPS ROUTED IN NORTH",
			text: "N'DJAMENA, March 23 - Chadian government forces routed Libyan troops at Ouadi Doum, the government said.",
			want: []string{"TD", "LY"}},
	})
}

// TestTownOfAnotherCountry checks the wire's "town, state" form: a name
// qualified by a state or province of another country is a town there.
func TestTownOfAnotherCountry(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "Paris, Texas", title: "Plant expansion brings jobs",
			text: "PARIS, Texas (AP) - Campbell Soup said it would expand its plant in Paris, Texas, adding 200 jobs.",
			want: []string{"US"}, notWant: []string{"FR"}},
		{name: "Peru, Indiana", title: "Air base near Peru, Indiana, on closure list",
			text: "WASHINGTON (AP) - Grissom Air Force Base near Peru, Indiana, is among 30 bases the Pentagon proposed to close.",
			want: []string{"US"}, notWant: []string{"PE"}},
		{name: "London, Ontario", title: "Factory closes in London, Ontario",
			text: "LONDON, Ontario (CP) - The plant will close in March, the company said.",
			want: []string{"CA"}, notWant: []string{"GB"}},
		{name: "capital and country", title: "Protest in the capital",
			text: "DAMASCUS, Syria (AP) - Hundreds protested on Friday.",
			want: []string{"SY"}},
	})
}

// TestDatelineVenue checks that a dateline country that is little more than
// its dateline is a venue when the text names another country, and still the
// story's country when it names none.
func TestDatelineVenue(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "London market", title: "India buys white sugar at tender, traders say",
			text: "LONDON, Nov 3 - India bought about 100,000 tonnes of white sugar at a tender yesterday for March shipment. London trade houses said the price was firm.",
			want: []string{"IN"}, notWant: []string{"GB"}},
		{name: "Geneva meeting", title: "Oil ministers agree output cut",
			text:    "GENEVA, Dec 20 - Oil ministers agreed to cut output. The accord was reached after Venezuela dropped its objections, delegates said.",
			notWant: []string{"CH"}},
		{name: "dateline alone", title: "Talks resume",
			text: "GENEVA (Reuters) - Negotiators resumed talks on Tuesday after a two-week pause, officials said.",
			want: []string{"CH"}},
		{name: "dateline and story", title: "Floods hit the capital",
			text: "LONDON (Reuters) - Floods hit London on Tuesday, and Britain's government promised aid. France sent pumps.",
			want: []string{"GB"}},
	})
}

// TestMembersOfTheStory checks that a place or an armed group of a country the
// story is about counts when named once, and not when the story is about
// another country.
func TestMembersOfTheStory(t *testing.T) {
	tg := shippedTagger(t)
	r := tg.Tag("Syria talks stall over safe zones",
		"DAMASCUS (Reuters) - Syrian government negotiators rejected the plan on Tuesday. "+
			"Diplomats said talks had stalled. The plan would have set up a zone in Idlib, and Kurdish YPG fighters would have withdrawn.")
	if !slices.Contains(r.Places, "idlib") || !slices.Contains(r.Actors, "ypg") {
		t.Errorf("Syria story: places %v actors %v; want idlib and ypg", r.Places, r.Actors)
	}
	r = tg.Tag("French farmers block roads",
		"PARIS (Reuters) - French farmers blocked roads around Paris on Tuesday over fuel prices. "+
			"Police said traffic was slow. One protester had served as a doctor in Idlib, and another said the YPG had once hosted him.")
	if slices.Contains(r.Places, "idlib") || slices.Contains(r.Actors, "ypg") {
		t.Errorf("France story: places %v actors %v; Idlib and the YPG are passing mentions", r.Places, r.Actors)
	}
}

// TestCountryInPersonName checks that a country's name that is also a given
// name or surname is part of a person's or company's name beside another
// capitalized word, and still the country beside a role word, after a
// title word, at the start of a sentence and in a headline-case title.
func TestCountryInPersonName(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "actor", title: "Chad Everett to star in new detective series",
			text:    "LOS ANGELES (AP) - Chad Everett will star in a detective series this fall, the network said.",
			notWant: []string{"TD"}},
		{name: "surname", title: "Carter names Hamilton Jordan chief of staff",
			text:    "WASHINGTON (AP) - President Carter named his campaign manager, Hamilton Jordan, as chief of staff.",
			notWant: []string{"JO"}},
		{name: "store", title: "Department stores report sales",
			text:    "BOSTON (AP) - Jordan Marsh said sales rose 5 pct in December.",
			notWant: []string{"JO"}},
		{name: "role word", title: "King warns of displacement",
			text: "AMMAN (Reuters) - Jordan's King Abdullah warned on Sunday against displacing Palestinians. Jordan Foreign Minister Ayman Safadi agreed.",
			want: []string{"JO"}},
		{name: "sentence start", title: "Troops deployed",
			text: "Rebels attacked a garrison on Monday. Chad said its troops had repelled them near Lake Chad.",
			want: []string{"TD"}},
		{name: "headline case", title: "Jordan Warns Israel Over Gaza Displacement",
			text: "AMMAN (Reuters) - The kingdom warned Israel on Sunday against displacing Palestinians.",
			want: []string{"JO"}},
	})
}

// TestVenueField checks that the dateline's country is reported as the venue,
// apart from the countries the text is about: moved out of them when the
// dateline is all it has, kept in both when the text is about it too.
func TestVenueField(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct {
		title, text, venue string
		country            string // in Countries ("" for none)
		notCountry         string
	}{
		{"Pakistan buys sugar", "LONDON (Reuters) - Pakistan bought 100,000 tonnes of white sugar at a tender, traders said.", "GB", "PK", "GB"},
		{"Floods hit the capital", "LONDON (Reuters) - Floods hit London on Tuesday, and Britain's government promised aid.", "GB", "GB", ""},
		{"Ceasefire talks", "Kyiv, Ukraine — Officials said talks with Russia would resume on Monday in Istanbul.", "UA", "RU", ""},
		{"Oil prices rise", "Oil prices rose on Tuesday as traders weighed supply, analysts said.", "", "", ""},
	} {
		r := tg.Tag(c.title, c.text)
		if r.Venue != c.venue {
			t.Errorf("%q: venue %q, want %q", c.text, r.Venue, c.venue)
		}
		if c.country != "" && !slices.Contains(r.Countries, c.country) {
			t.Errorf("%q: countries %v, want %s", c.text, r.Countries, c.country)
		}
		if c.notCountry != "" && slices.Contains(r.Countries, c.notCountry) {
			t.Errorf("%q: countries %v, %s is only the venue", c.text, r.Countries, c.notCountry)
		}
		b, err := tg.JSONLine(1, r)
		if err != nil || !strings.Contains(string(b), `"venue":"`+c.venue+`"`) {
			t.Errorf("JSON line %s lacks venue %q (%v)", b, c.venue, err)
		}
	}
}

// TestVenueOtherDatelines checks the dateline styles of the press outside
// the English wire: a city in capitals and a full stop, an agency tag in
// brackets, the Chinese agency line, and a caseless script before a dash.
func TestVenueOtherDatelines(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct{ title, text, venue string }{
		{"Sanktionen", "WIEN. Die OSZE hat am Montag neue Beobachter in die Ukraine geschickt.", "AT"},
		{"Санкции", "БРЮКСЕЛ. Европейският съюз одобри днес нов пакет санкции срещу Москва.", "BE"},
		{"北朝鮮がミサイル発射", "【ソウル＝共同】韓国軍によると、北朝鮮は弾道ミサイルを発射した。", "KR"},
		{"غارات", "بيروت - قال مسؤولون لبنانيون إن إسرائيل شنت غارات على جنوب لبنان.", "LB"},
		{"会谈", "新华社北京3月5日电 外交部发言人表示，中美双方将举行会谈。", "CN"},
		{"Talks", "Negotiators met on Tuesday. Nothing was agreed.", ""},
		// Caseless scripts before a full stop or a danda, a city and an
		// agency joined by "=", a Chinese city alone before 电.
		{"მოლაპარაკებები", "ერევანი. სომხეთის მთავრობამ განაცხადა, რომ მოლაპარაკებები გაგრძელდება.", "AM"},
		{"בחירות", "אנקרה. הפרלמנט הטורקי אישר את החוק ביום שלישי.", "TR"},
		{"বৈঠক", "ঢাকা। দুই দেশের পররাষ্ট্রমন্ত্রীরা বৈঠক করেছেন।", "BD"},
		{"정상회담", "도쿄=연합뉴스 일본 정부는 정상회담 일정을 발표했다.", "JP"},
		{"會談", "東京電 日本政府宣布首相將出訪東南亞。", "JP"},
		{"لقاء", "قال مسؤول. انتهى اللقاء دون اتفاق.", ""},
		// The Chinese agency line in brackets, as the Taiwanese and Hong
		// Kong press set it; a note in brackets is no dateline.
		{"刺激方案", "【中央社東京5日電】日本政府今天宣布新的經濟刺激方案。", "JP"},
		{"預算案", "（中央社記者楊明珠柏林10日專電）德國聯邦議院今天通過預算案。", "DE"},
		{"利率", "（路透倫敦8日電）英國央行今天宣布維持利率不變。", "GB"},
		{"內閣", "（法新社巴黎4日綜合外電報導）法國總統今天宣布改組內閣。", "FR"},
		{"政策", "（編按：本文為讀者投書）政府今天宣布新政策。", ""},
	} {
		if r := tg.Tag(c.title, c.text); r.Venue != c.venue {
			t.Errorf("%q: venue %q, want %q", c.text, r.Venue, c.venue)
		}
	}
}
