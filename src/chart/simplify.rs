//! Polyline simplification in pixel space, so a 57,000-point ROC curve is
//! drawn with a few hundred vertices and looks the same. Knows nothing of
//! what the points mean.

/// The tolerance charts use: a quarter CSS pixel, half a device pixel on a
/// 2× screen, below what antialiasing can show.
pub const TOLERANCE_PX: f64 = 0.25;

/// Distance from `p` to the segment `a`–`b` (to `a` when `a == b`).
pub fn point_segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - qx).powi(2) + (p[1] - qy).powi(2)).sqrt()
}

/// Ramer–Douglas–Peucker (Douglas & Peucker 1973) on pixel coordinates:
/// the indices (ascending, first and last always kept) of a sub-polyline
/// such that every dropped point lies within `tolerance` px of the kept
/// segment that spans it (distance to the *segment*, not its line, so
/// back-tracking curves keep their turns).
///
/// Iterative (an explicit stack), so 10⁶ points cannot overflow the call
/// stack. Non-finite points are treated as far away and kept; callers
/// drop them first. `tolerance` ≤ 0 or NaN keeps every point.
pub fn rdp(points: &[[f64; 2]], tolerance: f64) -> Vec<usize> {
    let n = points.len();
    if n <= 2 || tolerance.is_nan() || tolerance <= 0.0 {
        return (0..n).collect();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((i, j)) = stack.pop() {
        if j <= i + 1 {
            continue;
        }
        let (a, b) = (points[i], points[j]);
        let mut worst = 0.0;
        let mut at = i;
        for (k, p) in points.iter().enumerate().take(j).skip(i + 1) {
            let d = point_segment_distance(*p, a, b);
            // NaN counts as worst, so such points are kept.
            if d > worst || d.is_nan() {
                worst = d;
                at = k;
                if d.is_nan() {
                    break;
                }
            }
        }
        if (worst > tolerance || worst.is_nan()) && at > i {
            keep[at] = true;
            stack.push((i, at));
            stack.push((at, j));
        }
    }
    keep.iter().enumerate().filter_map(|(i, &k)| k.then_some(i)).collect()
}

/// Distance from `p` to the nearest segment of `line` (to its only point
/// when it has one; infinity when empty).
pub fn distance_to_polyline(p: [f64; 2], line: &[[f64; 2]]) -> f64 {
    match line {
        [] => f64::INFINITY,
        [a] => point_segment_distance(p, *a, *a),
        _ => line
            .windows(2)
            .map(|w| point_segment_distance(p, w[0], w[1]))
            .fold(f64::INFINITY, f64::min),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collinear_points_collapse_to_ends() {
        let pts: Vec<[f64; 2]> = (0..100).map(|i| [i as f64, 2.0 * i as f64]).collect();
        assert_eq!(rdp(&pts, 0.25), vec![0, 99]);
    }

    #[test]
    fn a_corner_is_kept() {
        // An L: along x to (10, 0), then up to (10, 10).
        let mut pts: Vec<[f64; 2]> = (0..=10).map(|i| [i as f64, 0.0]).collect();
        pts.extend((1..=10).map(|i| [10.0, i as f64]));
        assert_eq!(rdp(&pts, 0.25), vec![0, 10, 20]);
    }

    #[test]
    fn a_spike_back_along_the_line_is_kept() {
        // (0,0) → (10,0) → (5,0): the last point lies on the line through
        // the ends but the segment distance to (10, 0) from the chord is 5.
        let pts = [[0.0, 0.0], [10.0, 0.0], [5.0, 0.0]];
        assert_eq!(rdp(&pts, 0.25), vec![0, 1, 2]);
    }

    #[test]
    fn tiny_inputs() {
        assert!(rdp(&[], 0.25).is_empty());
        assert_eq!(rdp(&[[1.0, 1.0]], 0.25), vec![0]);
        assert_eq!(rdp(&[[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]], 0.25), vec![0, 2]);
        assert_eq!(rdp(&[[0.0, 0.0], [1.0, 5.0], [2.0, 0.0]], f64::NAN), vec![0, 1, 2]);
    }
}
