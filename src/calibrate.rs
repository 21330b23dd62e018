//! Fitting the matcher's [`Weights`] and [`Thresholds`] on labelled questions (the eval format),
//! with cross-validation so the figures reported are ones the fit did not see.
//!
//! A grid of candidate settings is scored by one utility, the same everywhere:
//! `right answers + right declines − 3 × wrong answers` (a wrong answer, in or out of scope, is
//! the worst outcome: it costs three times what a right one gains). **Fitted** figures are those of
//! the best setting on all questions; **cross-validated** ones come from `k` folds: for each fold,
//! the best setting on the other folds is scored on it, and the folds are summed.
//!
//! `faqbot calibrate FILE...` runs it; `src/matcher/weights.rs` holds the chosen values.

use crate::eval::{run, Case, Summary};
use crate::matcher::{Index, Thresholds, Weights};
use crate::text::english::Commonness;

/// What a wrong answer costs, in right answers.
pub const WRONG_COST: i64 = 3;

/// One setting of the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    /// The scoring weights.
    pub weights: Weights,
    /// The thresholds.
    pub thresholds: Thresholds,
}

/// The utility of a summary (see the module docs).
pub fn utility(s: &Summary) -> i64 {
    (s.in_scope_correct + s.out_of_scope_declined) as i64 - WRONG_COST * s.wrong_answers as i64
}

/// The grid around the shipped values: thresholds, the fit lift, what an entry loses for the
/// ordinary words and aspects it leaves out, and how common a word must be to never count.
pub fn grid(base: Weights, thresholds: Thresholds) -> Vec<Setting> {
    let mut out = Vec::new();
    for answer in [0.45, 0.5, 0.55, 0.6] {
        for margin in [0.05, 0.1, 0.15] {
            for fit_lift in [0.15, 0.2, 0.25] {
                for ordinary_unaccounted in [0.0, 0.15, 0.25, 0.4] {
                    for aspect_unaccounted in [0.0, 0.1, 0.2] {
                        for common_words in [Commonness::VeryCommon, Commonness::Common] {
                            out.push(Setting {
                                weights: Weights {
                                    fit_lift,
                                    ordinary_unaccounted,
                                    aspect_unaccounted,
                                    common_words,
                                    ..base
                                },
                                thresholds: Thresholds {
                                    answer,
                                    margin,
                                    clarify: thresholds.clarify.min(answer),
                                    ..thresholds
                                },
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// The outcome of a calibration.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The best setting on all questions.
    pub fitted: Setting,
    /// Its figures on all questions.
    pub fitted_summary: Summary,
    /// The figures of the shipped setting, for comparison.
    pub shipped_summary: Summary,
    /// Per fold, the best setting on the other folds scored on this one, summed.
    pub cross_validated: Summary,
    /// Number of folds.
    pub folds: usize,
}

/// Fits the grid on `cases` with `folds`-fold cross-validation (fold of a case: its position
/// modulo `folds`, so every file is spread over every fold). The index is rebuilt only for weights
/// that shape it; a run over the shipped FAQ and ~700 questions takes seconds in a release build.
pub fn calibrate(
    index: &Index,
    thresholds: Thresholds,
    cases: &[Case],
    folds: usize,
) -> Calibration {
    let folds = folds.max(2);
    let settings = grid(*index.weights(), thresholds);
    // Per setting, per fold: its summary on that fold.
    let per_fold: Vec<Vec<Summary>> = settings
        .iter()
        .map(|s| {
            let index = index.with_weights(s.weights);
            (0..folds)
                .map(|f| {
                    let fold: Vec<Case> = cases
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % folds == f)
                        .map(|(_, c)| c.clone())
                        .collect();
                    run(&index, &s.thresholds, &fold).1
                })
                .collect()
        })
        .collect();
    let total = |summaries: &mut dyn Iterator<Item = &Summary>| {
        summaries.fold(Summary::default(), |acc, s| add(&acc, s))
    };
    let best_on = |folds_used: &dyn Fn(usize) -> bool| -> usize {
        (0..settings.len())
            .max_by_key(|&i| {
                let sum = total(
                    &mut per_fold[i]
                        .iter()
                        .enumerate()
                        .filter(|(f, _)| folds_used(*f))
                        .map(|(_, s)| s),
                );
                // Ties go to the earlier setting of the grid (the smaller, more cautious values).
                (utility(&sum), std::cmp::Reverse(i))
            })
            .unwrap_or(0)
    };
    let fitted = best_on(&|_| true);
    let cross_validated = (0..folds).fold(Summary::default(), |acc, f| {
        let best = best_on(&|g| g != f);
        add(&acc, &per_fold[best][f])
    });
    let shipped = run(index, &thresholds, cases).1;
    Calibration {
        fitted: settings[fitted],
        fitted_summary: total(&mut per_fold[fitted].iter()),
        shipped_summary: shipped,
        cross_validated,
        folds,
    }
}

fn add(a: &Summary, b: &Summary) -> Summary {
    Summary {
        in_scope: a.in_scope + b.in_scope,
        in_scope_correct: a.in_scope_correct + b.in_scope_correct,
        out_of_scope: a.out_of_scope + b.out_of_scope,
        out_of_scope_declined: a.out_of_scope_declined + b.out_of_scope_declined,
        wrong_answers: a.wrong_answers + b.wrong_answers,
        clarified: a.clarified + b.clarified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_answer_costs_more_than_a_right_one_gains() {
        let right = Summary {
            in_scope: 1,
            in_scope_correct: 1,
            ..Summary::default()
        };
        let wrong = Summary {
            in_scope: 1,
            wrong_answers: 1,
            ..Summary::default()
        };
        assert!(utility(&right) > 0 && utility(&wrong) < -utility(&right));
    }

    #[test]
    fn the_grid_holds_the_shipped_setting() {
        let grid = grid(Weights::DEFAULT, Thresholds::default());
        assert!(grid
            .iter()
            .any(|s| s.weights == Weights::DEFAULT && s.thresholds == Thresholds::default()));
    }
}
