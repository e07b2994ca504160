//! What every sumbench chart shares: a strategy's colour, the legend's style, and
//! plotters' errors in words. The bench report, the timelines and the trade-off chart all
//! draw with these, so a strategy looks the same on each.

use plotters::prelude::*;

use crate::workloads::{self, REGISTRY};

/// A strategy's colour, the same on every chart, and distinct within its workload.
pub fn colour(strategy: &str) -> RGBColor {
    const COLOURS: [RGBColor; 10] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
        RGBColor(188, 189, 34),
        RGBColor(23, 190, 207),
    ];
    // Numbered within its workload: the two workloads never share a chart.
    let index = REGISTRY
        .iter()
        .find(|s| s.name() == strategy)
        .and_then(|found| workloads::of(found.workload()).position(|s| s.name() == strategy))
        .unwrap_or(0);
    COLOURS[index % COLOURS.len()]
}

/// plotters' errors, in words.
pub fn plot_error<E: std::fmt::Debug>(error: E) -> anyhow::Error {
    anyhow::anyhow!("cannot draw a chart: {error:?}")
}

/// The legend every sumbench chart draws, at `position`, on a translucent white box.
pub fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> anyhow::Result<()>
where
    DB: DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .label_font(("sans-serif", 15))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(plot_error)
}
