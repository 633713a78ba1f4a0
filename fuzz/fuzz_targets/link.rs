//! The page's settings link (URL fragment): any text gives settings in
//! range or a reason, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rareclass::link::{parse_link, C_RANGE, MAX_SEED};
use rareclass::model_spec::ModelSpec;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(Some(s)) = parse_link(text) {
        assert!(s.c.is_none_or(|c| (C_RANGE.0..=C_RANGE.1).contains(&c)));
        assert!(s.seed.is_none_or(|n| n <= MAX_SEED));
        assert!(s.split.is_none_or(|p| p.iter().all(|v| (0.0..=100.0).contains(v))));
        // Every `set.` setting the link passed applies to its kind's defaults.
        let mut spec = ModelSpec::default_of(s.model.as_deref().unwrap_or("logistic")).unwrap();
        for (key, value) in s.set.iter().flatten() {
            spec.set(key, value).unwrap();
        }
    }
});
