//! What the measurements mean: the trade-off between time and memory (the Pareto front
//! and the verdict, with ties where times cannot be told apart), how costs grow over a
//! sweep of sizes, and the comparison with a saved baseline, with its memory gate.
//! Nothing here measures, renders or writes a file.

pub mod baseline;
pub mod growth;
pub mod tradeoff;
