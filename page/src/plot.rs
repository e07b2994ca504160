//! What every sumbench chart shares: a strategy's colour, the legend's style, and
//! plotters' errors in words. The bench report, the timelines and the trade-off chart all
//! draw with these, so a strategy looks the same on each.

use plotters::prelude::*;

pub mod loglog;

/// Ten colours that stay apart, in the order strategies take them.
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

/// Strategies' colours: each takes the colour of its place in the list the palette was
/// made from. Made from a workload's whole list (or a run's), a strategy looks the same on
/// every chart of it, even on one that leaves some strategies out.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    names: Vec<String>,
}

impl Palette {
    /// A palette for `names`, in order.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            names: names.into_iter().map(str::to_owned).collect(),
        }
    }

    /// The colour of `strategy`: that of its first place in the list (the first colour for
    /// a name not in it).
    pub fn colour(&self, strategy: &str) -> RGBColor {
        let index = self.names.iter().position(|n| n == strategy).unwrap_or(0);
        COLOURS[index % COLOURS.len()]
    }
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
