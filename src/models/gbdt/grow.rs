//! Growing one regression tree on gradients and hessians over binned rows:
//! per-node histograms (the smaller child built from its rows, the larger
//! one as parent − smaller, in the parent's buffer), the best split of a
//! node with a learned direction for missing values, and leaf-wise
//! (best gain first) or depth-wise (level by level) growth under
//! `max_leaves` and `max_depth`.
//!
//! The split rules are scikit-learn 1.9's `HistGradientBoostingClassifier`
//! (`splitting.pyx`, `grower.py`) so a small case can be checked against
//! it: gain `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` (each denominator
//! `+ 1e-15`), a split only with gain `> 0`, both children with at least
//! `min_samples_leaf` rows and `min_child_weight` hessian; bins scanned
//! left to right with missing values on the right, and, when the feature
//! had missing values in training, right to left with them on the left
//! (a strictly better gain wins; ties keep the first found, features in
//! order); a feature without missing values in training sends them to the
//! child with more rows. A node is a leaf at `max_depth`, with fewer than
//! `2·min_samples_leaf` rows, or without a valid split.
//!
//! Buffers (histograms, the row partition) live in [`Grower`] and are
//! reused from node to node and tree to tree: nothing is allocated per node.

use super::bins::BinMapper;

/// Sums over the rows of one bin.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BinSums {
    pub g: f64,
    pub h: f64,
    pub n: u32,
}

impl BinSums {
    /// Adds one row.
    #[inline(always)]
    fn add(&mut self, g: f64, h: f64) {
        self.g += g;
        self.h += h;
        self.n += 1;
    }

    /// Adds one row's gradient and hessian, not its count.
    #[inline(always)]
    fn add_gh(&mut self, g: f64, h: f64) {
        self.g += g;
        self.h += h;
    }
}

/// The bins of four features `fs` (ascending) in `hist`, as four disjoint
/// slices (feature `f`'s at `offsets[f]`, `missing_bin[f] + 1` long).
fn feature_bins_4<'h>(
    hist: &'h mut [BinSums],
    fs: [usize; 4],
    offsets: &[usize],
    missing_bin: &[u8],
) -> [&'h mut [BinSums]; 4] {
    let mut rest = hist;
    let mut at = 0;
    fs.map(|f| {
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(offsets[f] - at);
        let len = missing_bin[f] as usize + 1;
        let (bins, tail) = tail.split_at_mut(len);
        rest = tail;
        at = offsets[f] + len;
        bins
    })
}

/// How trees grow.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GrowRules {
    pub leaf_wise: bool,
    pub max_leaves: Option<usize>,
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_child_weight: f64,
    pub lambda: f64,
}

/// A tree as grown, in bins: node `i`'s children `left[i]`, `right[i]`
/// (0 at a leaf), always after `i`.
#[derive(Debug, Clone, Default)]
pub(crate) struct BinnedTree {
    pub feature: Vec<u32>,
    pub bin: Vec<u8>,
    pub missing_left: Vec<bool>,
    pub left: Vec<u32>,
    pub right: Vec<u32>,
    /// The node's Newton step `−G/(H+λ)`, before shrinkage.
    pub value: Vec<f64>,
    pub gain: Vec<f64>,
    pub count: Vec<u32>,
    pub cover: Vec<f64>,
}

impl BinnedTree {
    fn push(&mut self, value: f64, count: u32, cover: f64) -> usize {
        self.feature.push(0);
        self.bin.push(0);
        self.missing_left.push(false);
        self.left.push(0);
        self.right.push(0);
        self.value.push(value);
        self.gain.push(0.0);
        self.count.push(count);
        self.cover.push(cover);
        self.value.len() - 1
    }

    /// The leaf of row `r` of a column-major binned matrix of `n` rows
    /// (`missing_bin[f]` = feature `f`'s missing bin).
    #[inline]
    pub(crate) fn leaf_of(&self, binned: &[u8], n: usize, r: usize, missing_bin: &[u8]) -> usize {
        let mut i = 0;
        while self.left[i] != 0 {
            let f = self.feature[i] as usize;
            let b = binned[f * n + r];
            let go_left = if b == missing_bin[f] {
                self.missing_left[i]
            } else {
                b <= self.bin[i]
            };
            i = if go_left { self.left[i] } else { self.right[i] } as usize;
        }
        i
    }
}

#[derive(Debug, Clone, Copy)]
struct Split {
    gain: f64,
    feature: usize,
    bin: usize,
    missing_left: bool,
    g_left: f64,
    h_left: f64,
    n_left: u32,
}

/// A node that may still be split.
#[derive(Debug, Clone, Copy)]
struct Open {
    id: usize,
    start: usize,
    end: usize,
    depth: usize,
    g: f64,
    h: f64,
    hist: usize,
    split: Split,
}

/// Reusable state for growing trees over one binned matrix.
pub(crate) struct Grower<'a> {
    mapper: &'a BinMapper,
    /// Column-major bins: feature `f` of row `r` at `f·n + r`, so a
    /// histogram pass reads one feature's bytes at a time.
    binned: &'a [u8],
    n: usize,
    /// Start of each feature's bins in a histogram; its missing bin last.
    offsets: Vec<usize>,
    slots: usize,
    missing_bin: Vec<u8>,
    pool: Vec<Vec<BinSums>>,
    hists: Vec<Vec<BinSums>>,
    rows: Vec<u32>,
    scratch: Vec<u32>,
    /// The gradients and hessians of a node's rows, in partition order.
    ordered: Vec<[f32; 2]>,
    /// Rows per bin over all rows (every feature, histogram layout), made
    /// on the first pass over all rows: the same for every tree, so such
    /// passes copy the counts instead of counting.
    all_rows_counts: Vec<u32>,
    open: Vec<Open>,
    features: Vec<usize>,
    /// `(node, start, end)` of each leaf's rows in `rows`, after `grow`.
    leaves: Vec<(usize, usize, usize)>,
}

/// What a split scan does at a bin boundary.
enum Gate {
    /// The side being accumulated is still too small: try the next bin.
    Skip,
    /// The other side is already too small: no later bin can do better.
    Stop,
    /// Both sides meet the minimum rows and hessian: score this split.
    Open,
}

/// The same gate for both scan directions: `near` is the side summed so
/// far `(g, h, n)`, `far` the rest of the node.
fn gate(near: (f64, f64, u32), far: (f64, f64, u32), min_rows: u32, min_hessian: f64) -> Gate {
    if near.2 < min_rows {
        Gate::Skip
    } else if far.2 < min_rows {
        Gate::Stop
    } else if near.1 < min_hessian {
        Gate::Skip
    } else if far.1 < min_hessian {
        Gate::Stop
    } else {
        Gate::Open
    }
}

fn node_value(g: f64, h: f64, lambda: f64) -> f64 {
    -g / (h + lambda + 1e-15)
}

impl<'a> Grower<'a> {
    /// A grower over `binned`, column-major `n` rows × the mapper's features.
    pub(crate) fn new(mapper: &'a BinMapper, binned: &'a [u8], n: usize) -> Grower<'a> {
        let d = mapper.n_features();
        let mut offsets = Vec::with_capacity(d);
        let mut slots = 0;
        let mut missing_bin = Vec::with_capacity(d);
        for f in 0..d {
            offsets.push(slots);
            slots += mapper.n_value_bins(f) + 1;
            missing_bin.push(mapper.n_value_bins(f) as u8);
        }
        Grower {
            mapper,
            binned,
            n,
            offsets,
            slots,
            missing_bin,
            pool: Vec::new(),
            hists: Vec::new(),
            rows: Vec::new(),
            scratch: Vec::new(),
            ordered: Vec::new(),
            all_rows_counts: Vec::new(),
            open: Vec::new(),
            features: Vec::new(),
            leaves: Vec::new(),
        }
    }

    /// Each feature's missing bin, for [`BinnedTree::leaf_of`].
    pub(crate) fn missing_bins(&self) -> &[u8] {
        &self.missing_bin
    }

    /// A zeroed histogram slot (index into `self.hists`).
    fn take_hist(&mut self) -> usize {
        let mut h = self.pool.pop().unwrap_or_default();
        h.clear();
        h.resize(self.slots, BinSums::default());
        self.hists.push(h);
        self.hists.len() - 1
    }

    /// Fills histogram `slot` from rows `start..end` of the partition. When
    /// those are all the rows in order (the root without subsampling) the
    /// pass streams the columns and `gh` as they lie; otherwise the rows'
    /// gradients are first gathered in partition order (scikit-learn's
    /// "ordered gradients"), so only the one-byte bins are read out of
    /// order.
    ///
    /// Four features are filled per pass over the rows, so each row's
    /// gradient pair is read and widened to `f64` once for four bin
    /// updates instead of once per feature (the histogram passes are most
    /// of a fit's time). Every bin still adds its rows in the same order,
    /// so the sums are the same bits as one feature at a time.
    fn build(&mut self, slot: usize, start: usize, end: usize, gh: &[[f32; 2]]) {
        let n = self.n;
        let rows = &self.rows[start..end];
        let all_in_order = rows.len() == n;
        if !all_in_order {
            self.ordered.clear();
            self.ordered.extend(rows.iter().map(|&r| gh[r as usize]));
        }
        if all_in_order {
            // The counts of a pass over all rows never change: count once
            // and copy, which leaves the pass one store per bin update
            // instead of two.
            if self.all_rows_counts.is_empty() {
                self.all_rows_counts = self.count_all_rows();
            }
            let hist = &mut self.hists[slot];
            for &f in &self.features {
                let o = self.offsets[f];
                let bins = o..o + self.missing_bin[f] as usize + 1;
                for (s, &c) in hist[bins.clone()].iter_mut().zip(&self.all_rows_counts[bins]) {
                    s.n = c;
                }
            }
        }
        let hist = &mut self.hists[slot];
        let binned = self.binned;
        let col = |f: usize| &binned[f * n..(f + 1) * n];
        let mut groups = self.features.chunks_exact(4);
        for group in &mut groups {
            let [f0, f1, f2, f3] = [group[0], group[1], group[2], group[3]];
            let [h0, h1, h2, h3] = feature_bins_4(hist, [f0, f1, f2, f3], &self.offsets, &self.missing_bin);
            let (c0, c1, c2, c3) = (col(f0), col(f1), col(f2), col(f3));
            if all_in_order {
                let cols = c0.iter().zip(c1).zip(c2).zip(c3);
                for ((((&b0, &b1), &b2), &b3), &[g, h]) in cols.zip(gh) {
                    let (g, h) = (g as f64, h as f64);
                    h0[b0 as usize].add_gh(g, h);
                    h1[b1 as usize].add_gh(g, h);
                    h2[b2 as usize].add_gh(g, h);
                    h3[b3 as usize].add_gh(g, h);
                }
            } else {
                for (&r, &[g, h]) in rows.iter().zip(&self.ordered) {
                    let (g, h) = (g as f64, h as f64);
                    let r = r as usize;
                    h0[c0[r] as usize].add(g, h);
                    h1[c1[r] as usize].add(g, h);
                    h2[c2[r] as usize].add(g, h);
                    h3[c3[r] as usize].add(g, h);
                }
            }
        }
        for &f in groups.remainder() {
            let o = self.offsets[f];
            let hf = &mut hist[o..o + self.missing_bin[f] as usize + 1];
            let c = col(f);
            if all_in_order {
                for (&b, &[g, h]) in c.iter().zip(gh) {
                    hf[b as usize].add_gh(g as f64, h as f64);
                }
            } else {
                for (&r, &[g, h]) in rows.iter().zip(&self.ordered) {
                    hf[c[r as usize] as usize].add(g as f64, h as f64);
                }
            }
        }
    }

    /// Rows per bin over all rows, every feature, in the histogram layout.
    fn count_all_rows(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.slots];
        for (f, &o) in self.offsets.iter().enumerate() {
            for &b in &self.binned[f * self.n..(f + 1) * self.n] {
                counts[o + b as usize] += 1;
            }
        }
        counts
    }

    /// `hists[big] -= hists[small]` over the tree's features.
    fn subtract(&mut self, big: usize, small: usize) {
        let (a, b) = if big < small {
            let (lo, hi) = self.hists.split_at_mut(small);
            (&mut lo[big], &hi[0])
        } else {
            let (lo, hi) = self.hists.split_at_mut(big);
            (&mut hi[0], &lo[small])
        };
        for &f in &self.features {
            let o = self.offsets[f];
            let n = self.mapper.n_value_bins(f) + 1;
            for (x, y) in a[o..o + n].iter_mut().zip(&b[o..o + n]) {
                x.g -= y.g;
                x.h -= y.h;
                x.n -= y.n;
            }
        }
    }

    /// The best split of a node from its histogram, or `None`.
    fn best_split(&self, slot: usize, g: f64, h: f64, n: u32, rules: &GrowRules) -> Option<Split> {
        let hist = &self.hists[slot];
        let lambda = rules.lambda;
        let msl = rules.min_samples_leaf as u32;
        let mcw = rules.min_child_weight;
        let score = |g: f64, h: f64| g * g / (h + lambda + 1e-15);
        let parent = score(g, h);
        let mut best: Option<Split> = None;
        for &f in &self.features {
            let nb = self.mapper.n_value_bins(f);
            let bins = &hist[self.offsets[f]..self.offsets[f] + nb + 1];
            let has_missing = self.mapper.has_missing(f);
            let mut best_f: Option<Split> = None;
            let mut best_gain = -1.0;
            // A split with sums `left` and `right` `(g, h, n)`, kept when its
            // gain beats the feature's best so far.
            let mut offer =
                |(gl, hl, nl): (f64, f64, u32), (gr, hr, _): (f64, f64, u32), b: usize, missing_left: bool| {
                    let gain = score(gl, hl) + score(gr, hr) - parent;
                    if gain > best_gain && gain > 0.0 {
                        best_gain = gain;
                        best_f = Some(Split {
                            gain,
                            feature: f,
                            bin: b,
                            missing_left,
                            g_left: gl,
                            h_left: hl,
                            n_left: nl,
                        });
                    }
                };
            // Left to right, missing values on the right.
            let mut near = (0.0f64, 0.0f64, 0u32);
            let end = nb - 1 + has_missing as usize;
            for (b, s) in bins[..end].iter().enumerate() {
                near = (near.0 + s.g, near.1 + s.h, near.2 + s.n);
                let right = (g - near.0, h - near.1, n - near.2);
                match gate(near, right, msl, mcw) {
                    Gate::Skip => continue,
                    Gate::Stop => break,
                    Gate::Open => offer(near, right, b, false),
                }
            }
            // Right to left, missing values on the left.
            if has_missing && nb >= 2 {
                let mut near = (0.0f64, 0.0f64, 0u32);
                for b in (0..nb - 1).rev() {
                    let s = bins[b + 1];
                    near = (near.0 + s.g, near.1 + s.h, near.2 + s.n);
                    let left = (g - near.0, h - near.1, n - near.2);
                    match gate(near, left, msl, mcw) {
                        Gate::Skip => continue,
                        Gate::Stop => break,
                        Gate::Open => offer(left, near, b, true),
                    }
                }
            }
            if let Some(s) = best_f {
                if best.is_none_or(|b| s.gain > b.gain) {
                    best = Some(s);
                }
            }
        }
        best
    }

    /// Stably moves the rows of `start..end` that go left first; returns
    /// the first right position.
    fn partition(&mut self, start: usize, end: usize, split: &Split) -> usize {
        let f = split.feature;
        let col = &self.binned[f * self.n..(f + 1) * self.n];
        let missing = self.missing_bin[f];
        let bin = split.bin as u8;
        let missing_left = split.missing_left;
        let len = end - start;
        if self.scratch.len() < len {
            self.scratch.resize(len, 0);
        }
        // Without branches: which side a row goes is data (an unpredictable
        // branch cost more than the rest of the loop), so every row is
        // written to both the left run (in place, behind the reads) and the
        // right scratch, and only the side's counter moves. The split's bin
        // is below the missing bin, so `b ≤ bin` is never a missing value.
        let mut write = start;
        let mut k = 0;
        for i in start..end {
            let r = self.rows[i];
            let b = col[r as usize];
            let left = (b <= bin) | (missing_left & (b == missing));
            self.rows[write] = r;
            self.scratch[k] = r;
            write += left as usize;
            k += !left as usize;
        }
        self.rows[write..end].copy_from_slice(&self.scratch[..k]);
        write
    }

    /// `(node, start, end)` of each leaf of the last grown tree: its rows
    /// are [`rows`](Self::rows)`[start..end]`.
    pub(crate) fn leaves(&self) -> &[(usize, usize, usize)] {
        &self.leaves
    }

    /// The row partition of the last grown tree.
    pub(crate) fn rows(&self) -> &[u32] {
        &self.rows
    }

    /// Grows one tree on `rows` (sorted row ids) with gradients and
    /// hessians `gh` (per row of the binned matrix), splitting only on
    /// `features` (ascending).
    pub(crate) fn grow(&mut self, rows: &[u32], features: &[usize], gh: &[[f32; 2]], rules: &GrowRules) -> BinnedTree {
        self.features.clear();
        self.features.extend_from_slice(features);
        self.rows.clear();
        self.rows.extend_from_slice(rows);
        let used = self.hists.drain(..).filter(|h| !h.is_empty());
        self.pool.extend(used);
        self.open.clear();
        let mut tree = BinnedTree::default();
        let n = rows.len();
        let root_hist = self.take_hist();
        self.build(root_hist, 0, n, gh);
        // Totals from one feature's bins (every row is in one bin of each).
        let (mut g, mut h) = (0.0, 0.0);
        if let Some(&f) = self.features.first() {
            let o = self.offsets[f];
            for b in &self.hists[root_hist][o..o + self.mapper.n_value_bins(f) + 1] {
                g += b.g;
                h += b.h;
            }
        } else {
            for &r in rows {
                g += gh[r as usize][0] as f64;
                h += gh[r as usize][1] as f64;
            }
        }
        let root = tree.push(node_value(g, h, rules.lambda), n as u32, h);
        let mut spans = vec![(0, n)];
        let mut leaves = 1usize;
        let max_leaves = rules.max_leaves.unwrap_or(usize::MAX);
        if n >= 2 * rules.min_samples_leaf && h >= rules.min_child_weight && rules.max_depth != Some(0) {
            if let Some(split) = self.best_split(root_hist, g, h, n as u32, rules) {
                self.open.push(Open {
                    id: root,
                    start: 0,
                    end: n,
                    depth: 0,
                    g,
                    h,
                    hist: root_hist,
                    split,
                });
            }
        }
        while leaves < max_leaves && !self.open.is_empty() {
            // Leaf-wise: the largest gain (first opened on ties);
            // depth-wise: the shallowest, first opened.
            let mut pick = 0;
            for (i, o) in self.open.iter().enumerate().skip(1) {
                let p = &self.open[pick];
                let better = if rules.leaf_wise {
                    o.split.gain > p.split.gain
                } else {
                    o.depth < p.depth
                };
                if better {
                    pick = i;
                }
            }
            let node = self.open.remove(pick);
            let s = node.split;
            let mid = self.partition(node.start, node.end, &s);
            let n_left = s.n_left;
            let n_right = (node.end - node.start) as u32 - n_left;
            debug_assert_eq!(mid - node.start, n_left as usize);
            let (g_r, h_r) = (node.g - s.g_left, node.h - s.h_left);
            let left = tree.push(node_value(s.g_left, s.h_left, rules.lambda), n_left, s.h_left);
            let right = tree.push(node_value(g_r, h_r, rules.lambda), n_right, h_r);
            spans.push((node.start, mid));
            spans.push((mid, node.end));
            let i = node.id;
            tree.feature[i] = s.feature as u32;
            tree.bin[i] = s.bin as u8;
            tree.missing_left[i] = if self.mapper.has_missing(s.feature) {
                s.missing_left
            } else {
                n_left > n_right
            };
            tree.left[i] = left as u32;
            tree.right[i] = right as u32;
            tree.gain[i] = s.gain;
            leaves += 1;
            if leaves >= max_leaves {
                break;
            }
            let depth = node.depth + 1;
            let can_split =
                |nc: u32| rules.max_depth.is_none_or(|m| depth < m) && nc as usize >= 2 * rules.min_samples_leaf;
            let (split_left, split_right) = (can_split(n_left), can_split(n_right));
            if !(split_left || split_right) {
                self.pool.push(std::mem::take(&mut self.hists[node.hist]));
                continue;
            }
            // Build the smaller child; the larger is parent − smaller, in
            // the parent's buffer.
            let left_smaller = n_left < n_right;
            let small = self.take_hist();
            let (ss, se) = if left_smaller {
                (node.start, mid)
            } else {
                (mid, node.end)
            };
            self.build(small, ss, se, gh);
            let big = node.hist;
            self.subtract(big, small);
            let (lh, rh) = if left_smaller { (small, big) } else { (big, small) };
            for (id, start, end, g, h, nc, slot, wanted) in [
                (left, node.start, mid, s.g_left, s.h_left, n_left, lh, split_left),
                (right, mid, node.end, g_r, h_r, n_right, rh, split_right),
            ] {
                let split = if wanted {
                    self.best_split(slot, g, h, nc, rules)
                } else {
                    None
                };
                match split {
                    Some(split) => self.open.push(Open {
                        id,
                        start,
                        end,
                        depth,
                        g,
                        h,
                        hist: slot,
                        split,
                    }),
                    None => self.pool.push(std::mem::take(&mut self.hists[slot])),
                }
            }
        }
        self.leaves.clear();
        self.leaves.extend(
            spans
                .iter()
                .enumerate()
                .filter(|&(i, _)| tree.left[i] == 0)
                .map(|(i, &(a, b))| (i, a, b)),
        );
        tree
    }
}
