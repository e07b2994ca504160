//! The registry: every strategy sumbench knows, in the order reports list them.
//!
//! To add a strategy, write `src/strategies/my_strategy.rs` implementing
//! [`Strategy`](crate::strategy::Strategy), and add one line `file_name::TypeName,` to the
//! `registry!` below. The CLI, the benches, the reports and the tests all iterate this list.

use crate::strategy::DynStrategy;

/// Declares each strategy's module, re-exports its type and lists it in [`REGISTRY`], so a
/// new strategy is one line here.
macro_rules! registry {
    ($($module:ident :: $strategy:ident),* $(,)?) => {
        $(
            mod $module;
            pub use $module::$strategy;
        )*

        /// Every registered strategy, in the order reports list them.
        pub static REGISTRY: &[&dyn DynStrategy] = &[$(&$strategy),*];
    };
}

registry! {
    vec::VecCollect,
    vec_push::VecPush,
    lazy::Lazy,
    itertools_chunks::ItertoolsChunks,
    chunks_collected::ChunksCollected,
    reused_buffer::ReusedBuffer,
    rayon_sum::RayonSum,
    rayon_collect::RayonCollect,
}

/// The registered strategy called `name`, if any.
pub fn find(name: &str) -> Option<&'static dyn DynStrategy> {
    REGISTRY.iter().copied().find(|s| s.name() == name)
}

/// The registered names, comma-separated, for error messages.
pub fn names() -> String {
    REGISTRY
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_findable() {
        for strategy in REGISTRY {
            let found = find(strategy.name()).expect("registered name is found");
            assert_eq!(found.description(), strategy.description());
        }
        let mut names: Vec<_> = REGISTRY.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
        assert!(find("no_such_strategy").is_none());
    }
}
