//! The configuration every property test of the crate's unit tests runs
//! with: cases drawn from a fixed seed, so `cargo test` is the same run on
//! every machine and CI cannot pass or fail by luck.
//!
//! `PROPTEST_RNG_SEED=<n>` draws other cases and `PROPTEST_CASES=<n>` runs
//! more of them (a long exploratory run sets both). The integration tests
//! have the same rule in `tests/common`.

use proptest::test_runner::{Config, RngSeed};

/// The seed used when `PROPTEST_RNG_SEED` is not set.
pub(crate) const SEED: u64 = 20_261_203;

/// `default_cases` cases (or `PROPTEST_CASES`), from [`SEED`] (or
/// `PROPTEST_RNG_SEED`), with shrinking bounded to two minutes so a failure
/// is reported rather than shrunk for an hour of debug builds.
pub(crate) fn config(default_cases: u32) -> Config {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    Config {
        cases: env("PROPTEST_CASES").map_or(default_cases, |n: u64| n as u32),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(SEED)),
        max_shrink_time: 120_000,
        ..Config::default()
    }
}
