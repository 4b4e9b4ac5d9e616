package tag

import (
	"slices"
	"testing"
)

// topicCase is a headline or lead and a topic it must (or must not) get.
type topicCase struct{ lang, text, topic string }

// TestTopicWordsMoreLanguages checks the topic words of the languages added
// to config/taxonomy/topics.yaml after the first ten: a headline as each
// newsroom writes it gets its topic. A topic matters twice: topic feeds
// select by it, and the story clustering uses shared topics to let an
// article join a story in another language on a single shared entity, so a
// Japanese or Polish write-up without a topic cannot join its story.
func TestTopicWordsMoreLanguages(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []topicCase{
		{"ja", "ロシアのプーチン大統領、トルコのエルドアン大統領とソチで会談", "diplomacy"},
		{"ja", "イスラエル軍がガザ南部を空爆、死傷者多数", "conflict"},
		{"ja", "衆院選、投票率は過去最低の水準に", "elections"},
		{"ja", "日銀が追加利上げを決定、円安に歯止め", "economy"},
		{"ja", "米国がロシアに追加制裁、資産凍結の対象を拡大", "sanctions"},
		{"ko", "윤 대통령, 기시다 총리와 정상회담…북핵 공조 논의", "diplomacy"},
		{"ko", "북한, 탄도미사일 발사…대륙간탄도미사일 가능성", "nuclear"},
		{"ko", "지진으로 이재민 수천 명 발생…구호물자 긴급 지원", "humanitarian"},
		{"ko", "미국 상호관세 발효에 수출 기업 비상", "trade"},
		{"it", "Elezioni in Francia, Macron perde la maggioranza", "elections"},
		{"it", "Migranti, nuovo naufragio al largo di Lampedusa", "migration"},
		{"it", "Ucraina, raid aerei russi su Kiev nella notte", "conflict"},
		{"it", "La Bce alza i tassi di interesse, inflazione ancora alta", "economy"},
		{"pt", "Eleições no Brasil: Lula e Bolsonaro disputam votos no Nordeste", "elections"},
		{"pt", "Israel e Hamas acertam cessar-fogo mediado pelo Catar", "diplomacy"},
		{"pt", "Desmatamento na Amazônia cai 30%, diz governo", "climate"},
		{"pl", "Wybory prezydenckie: kandydaci ruszają z kampanią", "elections"},
		{"pl", "Rosyjski nalot na Kijów, są ofiary wśród cywilów", "conflict"},
		{"pl", "UE przyjęła 14. pakiet sankcji wobec Rosji", "sanctions"},
		{"pl", "Polska kupi kolejne czołgi i myśliwce z Korei", "arms"},
		{"nl", "Kabinet wil asielinstroom beperken met strengere grenscontroles", "migration"},
		{"nl", "Staakt-het-vuren in Gaza na weken van onderhandelingen", "diplomacy"},
		{"nl", "ECB verlaagt de rente, inflatie in eurozone daalt", "economy"},
		{"id", "Gencatan senjata di Gaza mulai berlaku, kata menteri luar negeri", "diplomacy"},
		{"id", "KPU tetapkan hasil pemilu presiden 2024", "elections"},
		{"id", "Gempa bumi magnitudo 6,2 guncang Sulawesi, ribuan warga mengungsi", "humanitarian"},
		{"vi", "Ngoại trưởng Mỹ hội đàm với Bộ trưởng Ngoại giao Trung Quốc", "diplomacy"},
		{"vi", "Bầu cử Mỹ: cử tri đi bỏ phiếu sớm kỷ lục", "elections"},
		{"vi", "Ngân hàng Nhà nước giữ nguyên lãi suất điều hành", "economy"},
		{"hi", "इजराइल और हमास के बीच युद्धविराम पर सहमति", "diplomacy"},
		{"hi", "लोकसभा चुनाव: पहले चरण में 60 प्रतिशत मतदान", "elections"},
		{"hi", "पहलगाम में आतंकी हमला, 26 पर्यटकों की मौत", "terrorism"},
		{"he", "הפסקת האש בעזה נכנסה לתוקף הבוקר", "diplomacy"},
		{"he", "הבחירות לכנסת: הליכוד מובילה בסקר בחירות חדש", "elections"},
		{"he", "איראן מאיצה את העשרת האורניום במתקן פורדו", "nuclear"},
		{"el", "Εκλογές: στις κάλπες οι ψηφοφόροι την Κυριακή", "elections"},
		{"el", "Ναυάγιο με μετανάστες νότια της Κρήτης", "migration"},
		{"el", "Καύσωνας και δασικές πυρκαγιές σε όλη την Ελλάδα", "climate"},
		{"sv", "Riksdagsvalet: väljarna rusar till vallokalerna", "elections"},
		{"sv", "Regeringen skärper kraven för asylsökande", "migration"},
		{"sv", "EU enas om nytt sanktionspaket mot Ryssland", "sanctions"},
		{"cs", "Prezidentské volby: do druhého kola postoupili Pavel a Babiš", "elections"},
		{"cs", "Rusko zahájilo nálety na Charkov, hlásí ukrajinská armáda", "conflict"},
		{"cs", "ČNB snížila úrokové sazby, inflace zpomalila", "economy"},
		{"ro", "Alegerile prezidențiale: prezența la vot a depășit 50%", "elections"},
		{"ro", "Inundații în Moldova: sute de persoane evacuate", "humanitarian"},
		{"ro", "Summitul NATO de la Washington: aliații promit apărare antiaeriană Ucrainei", "arms"},
		{"hu", "Választás 2026: a Tisza vezet a közvélemény-kutatásokban", "elections"},
		{"hu", "Az MNB emelte az alapkamatot, gyengül a forint", "economy"},
		{"hu", "Tűzszünetről tárgyalt Budapesten az orosz és az ukrán külügyminiszter", "diplomacy"},
		{"th", "ไทยและกัมพูชาตกลงหยุดยิงตามแนวชายแดน", "diplomacy"},
		{"th", "กกต. ประกาศผลการเลือกตั้งอย่างเป็นทางการ", "elections"},
		{"th", "แผ่นดินไหวรุนแรงในเมียนมา ผู้เสียชีวิตเพิ่มขึ้น", "humanitarian"},
	} {
		if r := tg.Tag(c.text, ""); !slices.Contains(r.Topics, c.topic) {
			t.Errorf("%s %q: topics %v, want %s", c.lang, c.text, r.Topics, c.topic)
		}
	}
}

// TestTopicWordsMoreLanguagesTraps checks the words left out or spelled out
// for precision: a sports attack or a club's vote is no conflict or
// election, a brand ambassador no diplomat, an everyday word no topic.
func TestTopicWordsMoreLanguagesTraps(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []topicCase{
		{"ja", "日本代表、攻撃陣が爆発し5得点で快勝", "conflict"},
		{"ja", "生徒会長の仲介で文化祭の日程が決まる", "diplomacy"},
		{"ja", "ステロイド治療のテロップが話題に", "terrorism"},
		{"ko", "이민호, 새 드라마 주연 확정", "migration"},
		{"ko", "무기한 연기된 콘서트, 팬들 실망", "arms"},
		{"ko", "배우의 대사 한 줄이 화제", "diplomacy"},
		{"ko", "유가족, 진상 규명 촉구", "energy"},
		{"it", "L'attacco della Juventus segna tre gol al derby", "conflict"},
		{"it", "Il vertice della società ha scelto il nuovo allenatore", "diplomacy"},
		{"it", "Voto in pagella: otto in matematica", "elections"},
		{"pt", "Segundo turno do Brasileirão começa neste fim de semana", "elections"},
		{"pl", "Wybór prezesa klubu odbędzie się w czwartek", "elections"},
		{"pl", "Walki w półfinale turnieju bokserskiego", "conflict"},
		{"pl", "Kolejne starcie Legii z Lechem na szczycie tabeli", "diplomacy"},
		{"nl", "De verkiezing van de voorzitter van de voetbalclub", "elections"},
		{"nl", "De bezetting van het toneelstuk is bekend", "conflict"},
		{"id", "Pasukan Garuda siap tempur di laga final", "conflict"},
		{"id", "Harga minyak goreng naik jelang Lebaran", "energy"},
		{"id", "Pelantikan pengurus baru klub sepak bola", "elections"},
		{"vi", "Hoa hậu trở thành đại sứ thương hiệu mới", "diplomacy"},
		{"vi", "Đội tuyển phản công nhanh và ghi bàn", "conflict"},
		{"vi", "Giá vàng leo thang trong phiên sáng nay", "conflict"},
		{"hi", "रेलवे ने नए कोच जोड़े, यात्रियों को राहत", "sports"},
		{"hi", "भारतीय गेंदबाजी आक्रमण ने इंग्लैंड को 200 पर रोका", "conflict"},
		{"hi", "पानी की टंकी और बिजली गिरने से नुकसान", "energy"},
		{"he", "הקבוצה עלתה לפסגת הטבלה אחרי ניצחון גדול", "diplomacy"},
		{"he", "המשפחה יושבת שבעה על האב", "elections"},
		{"el", "Ο επιθετικός της ομάδας σκόραρε δύο γκολ", "conflict"},
		{"el", "Η ενέργεια του δημάρχου για τα σχολεία", "energy"},
		{"sv", "Valet av ny ordförande i fotbollsklubben", "elections"},
		{"cs", "Fronta před obchodem byla dlouhá", "conflict"},
		{"cs", "Boje o titul vrcholí v posledním kole", "conflict"},
		{"ro", "Cel mai bun jucător al turului doi din Cupa României", "elections"},
		{"ro", "Lupte libere: românul a câștigat bronzul", "conflict"},
		{"hu", "A csapatok a második fordulóban találkoznak", "conflict"},
		{"hu", "A klíma bekapcsolása előtt érdemes kiszellőztetni", "climate"},
		{"th", "ช่างแก้ปัญหาเสียงในโรงภาพยนตร์", "elections"},
		{"th", "นักเรียนแบ่งทีมสู้ในเกมตอบคำถาม", "conflict"},
		// Words are matched in every language's text, diacritics folded:
		// a word of one language that is common in another stays out.
		{"en", "Handel's Messiah returns to the concert hall", "trade"},
		{"es", "Los vecinos donaron ropa y mantas a sus familias", "energy"},
		{"es", "Los vecinos donaron ropa y mantas a sus familias", "health"},
		{"fr", "Au milieu de la nuit, la ville dormait", "climate"},
		{"ro", "Cel mai frumos oraș din țară", "trade"},
	} {
		if r := tg.Tag(c.text, ""); slices.Contains(r.Topics, c.topic) {
			t.Errorf("%s %q: topics %v, must not be %s", c.lang, c.text, r.Topics, c.topic)
		}
	}
}
