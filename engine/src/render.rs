//! The trade-off chart of time against memory, drawn in the style every chart shares
//! (`sumbench_page::plot`).

pub mod tradeoff_chart;
