//! Thinning a long series for drawing without losing its shape: the points are cut
//! into as many buckets as the chart has room for, and each bucket keeps its lowest
//! and its highest point, in time order (min-max decimation, as M4 does). Unlike
//! largest-triangle-three-buckets, which keeps spikes only most of the time, this
//! keeps every spike: the extremes of every bucket are drawn. Gaps (`None`) stay gaps.
//! Tables and statistics use every row; only the drawing is thinned.

/// Indexes of the points to draw out of `values`, at most about `2 * buckets`
/// of them, plus the first and last of each run between gaps.
pub fn thin(values: &[Option<f64>], buckets: usize) -> Vec<usize> {
    let filled = values.iter().filter(|v| v.is_some()).count();
    if filled <= buckets.saturating_mul(2).max(2) {
        return (0..values.len()).filter(|&i| values[i].is_some()).collect();
    }
    let size = values.len().div_ceil(buckets.max(1));
    let mut keep = Vec::with_capacity(buckets * 2 + 2);
    for start in (0..values.len()).step_by(size) {
        let end = (start + size).min(values.len());
        let mut low: Option<(usize, f64)> = None;
        let mut high: Option<(usize, f64)> = None;
        for (i, v) in values.iter().enumerate().take(end).skip(start) {
            let Some(v) = *v else { continue };
            if low.is_none_or(|(_, l)| v < l) {
                low = Some((i, v));
            }
            if high.is_none_or(|(_, h)| v > h) {
                high = Some((i, v));
            }
        }
        let mut pair: Vec<usize> = [low, high].iter().flatten().map(|(i, _)| *i).collect();
        pair.sort_unstable();
        pair.dedup();
        keep.extend(pair);
    }
    // The edges of every run between gaps, so that a gap starts and ends where it does.
    for i in 0..values.len() {
        let filled_here = values[i].is_some();
        let edge = filled_here
            && (i == 0
                || i + 1 == values.len()
                || values[i - 1].is_none()
                || values[i + 1].is_none());
        if edge {
            keep.push(i);
        }
    }
    keep.sort_unstable();
    keep.dedup();
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_series_are_kept_whole() {
        let v = [Some(1.0), None, Some(3.0)];
        assert_eq!(thin(&v, 10), [0, 2]);
    }

    #[test]
    fn every_spike_of_a_long_series_is_kept() {
        // 200,000 points of noise with a spike up and a spike down in odd places.
        let mut v: Vec<Option<f64>> = (0..200_000)
            .map(|i| Some(100.0 + ((i * 7919) % 13) as f64))
            .collect();
        v[123_457] = Some(5_000.0);
        v[77_777] = Some(-300.0);
        v[150_001] = None;
        let kept = thin(&v, 500);
        assert!(kept.len() <= 1_010, "{}", kept.len());
        assert!(kept.contains(&123_457) && kept.contains(&77_777));
        assert!(
            kept.contains(&150_000) && kept.contains(&150_002),
            "the gap's edges"
        );
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "in time order");
        assert!(!kept.contains(&150_001));
    }
}
