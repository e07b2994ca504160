//! Rendering: the table model with its terminal, Markdown and HTML backends ([`table`]);
//! charts: the style every chart shares (colours, legend, errors in words) and the
//! trade-off chart of time against memory. The bench report's charts and the timelines
//! draw with [`plot`] too.

pub mod plot;
pub mod table;
pub mod tradeoff_chart;
