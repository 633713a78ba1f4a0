//! Early stopping on a validation score, shared by every model that trains
//! in rounds (the MLP's epochs, DAN's steps, boosted trees' rounds): the
//! rule of Keras's `EarlyStopping(patience, restore_best_weights)` with
//! `min_delta = 0` and higher scores better (a loss is passed negated).
//!
//! One keeper holds the best score, where it was seen and a snapshot of the
//! model then (a network's weights; `()` when the model keeps its own
//! record, as boosted trees do by truncating their list of trees).

/// The best validation score so far and how long it has stood.
#[derive(Debug, Clone)]
pub struct BestSoFar<T> {
    best: Option<(f64, usize, T)>,
    wait: usize,
    patience: usize,
}

impl<T> BestSoFar<T> {
    /// Stop after `patience` observations in a row that do not improve.
    pub fn new(patience: usize) -> Self {
        BestSoFar {
            best: None,
            wait: 0,
            patience,
        }
    }

    /// Records the score seen at `at` (an epoch, step or round). It
    /// improves when it is finite and the first, or strictly above the
    /// best so far; then `snapshot` is taken and the wait starts over. A
    /// missing or non-finite score counts as no improvement. Returns true
    /// when training should stop: `patience` observations in a row have not
    /// improved.
    pub fn observe(&mut self, score: Option<f64>, at: usize, snapshot: impl FnOnce() -> T) -> bool {
        let improved = match (score, &self.best) {
            (Some(v), None) => v.is_finite(),
            (Some(v), Some((b, ..))) => v > *b,
            (None, _) => false,
        };
        if let (true, Some(v)) = (improved, score) {
            self.best = Some((v, at, snapshot()));
            self.wait = 0;
            false
        } else {
            self.wait += 1;
            self.wait >= self.patience
        }
    }

    /// Where the best score was seen, and the snapshot taken then; `None`
    /// when no finite score was ever seen.
    pub fn into_best(self) -> Option<(usize, T)> {
        self.best.map(|(_, at, kept)| (at, kept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_after_patience_scores_without_improvement_and_keeps_the_best() {
        // Scores 0.5, 0.7, 0.6, 0.7, 0.65 with patience 3: 0.7 at step 2 is
        // the best (a tie at step 4 is not an improvement, as in Keras with
        // min_delta 0), and the third non-improving score (step 5) stops.
        let mut keeper = BestSoFar::new(3);
        let stops: Vec<bool> = [0.5, 0.7, 0.6, 0.7, 0.65]
            .iter()
            .enumerate()
            .map(|(i, &v)| keeper.observe(Some(v), i + 1, || format!("weights {}", i + 1)))
            .collect();
        assert_eq!(stops, [false, false, false, false, true]);
        assert_eq!(keeper.into_best(), Some((2, "weights 2".to_string())));
    }

    #[test]
    fn missing_and_non_finite_scores_never_become_the_best() {
        let mut keeper = BestSoFar::<()>::new(2);
        assert!(!keeper.observe(Some(f64::NAN), 1, || ()));
        assert!(keeper.observe(None, 2, || ()));
        assert_eq!(keeper.into_best(), None);
        let mut keeper = BestSoFar::<()>::new(2);
        assert!(!keeper.observe(Some(0.3), 1, || ()));
        assert!(!keeper.observe(Some(f64::NAN), 2, || ()));
        assert!(keeper.observe(Some(0.2), 3, || ()));
        assert_eq!(keeper.into_best(), Some((1, ())));
    }
}
