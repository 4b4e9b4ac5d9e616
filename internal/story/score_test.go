package story

import "fmt"

// clusterScores compares predicted clusters with labelled events over all
// pairs of articles (pairwise precision, recall, F1, the measure of Miranda
// et al. 2018) and per article (B-cubed).
type clusterScores struct {
	TP, FP, FN                 int
	P, R, F1                   float64
	BcubedP, BcubedR, BcubedF1 float64
}

func (s clusterScores) String() string {
	return fmt.Sprintf("pairwise P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d) · B-cubed P %.3f R %.3f F1 %.3f",
		s.P, s.R, s.F1, s.TP, s.FP, s.FN, s.BcubedP, s.BcubedR, s.BcubedF1)
}

// scoreClusters scores predicted cluster ids against gold labels, one of each
// per article.
func scoreClusters(gold []string, pred []int64) clusterScores {
	var s clusterScores
	n := len(gold)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			same, joined := gold[i] == gold[j], pred[i] == pred[j]
			switch {
			case same && joined:
				s.TP++
			case joined:
				s.FP++
			case same:
				s.FN++
			}
		}
	}
	s.P, s.R, s.F1 = ratio(s.TP, s.TP+s.FP), ratio(s.TP, s.TP+s.FN), 0
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	for i := 0; i < n; i++ {
		var both, inPred, inGold int
		for j := 0; j < n; j++ {
			g, p := gold[i] == gold[j], pred[i] == pred[j]
			if g && p {
				both++
			}
			if p {
				inPred++
			}
			if g {
				inGold++
			}
		}
		s.BcubedP += float64(both) / float64(inPred)
		s.BcubedR += float64(both) / float64(inGold)
	}
	if n > 0 {
		s.BcubedP /= float64(n)
		s.BcubedR /= float64(n)
	}
	if s.BcubedP+s.BcubedR > 0 {
		s.BcubedF1 = 2 * s.BcubedP * s.BcubedR / (s.BcubedP + s.BcubedR)
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
