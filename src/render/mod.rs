//! Charts: the style every chart shares (colours, legend, errors in words) and the
//! trade-off chart of time against memory. The bench report's charts and the timelines
//! draw with [`plot`] too.

pub mod plot;
pub mod tradeoff_chart;
