//! Timeline charts (our `mprof plot`): heap and resident set against time, the peak marked
//! with its value, phases drawn as vertical lines.

use plotters::prelude::*;

use super::Recording;
use sumbench_page::plot::{Palette, draw_legend, plot_error};
use sumbench_page::units::{bytes_human, grouped};

/// The unit an axis is labelled in: the figures are divided by `divisor`.
#[derive(Clone, Copy)]
struct Scale {
    divisor: f64,
    unit: &'static str,
}

impl Scale {
    /// Bytes: MiB, or KiB when everything is below 1 MiB.
    fn bytes(max_bytes: f64) -> Self {
        if max_bytes >= 1024.0 * 1024.0 {
            Self {
                divisor: 1024.0 * 1024.0,
                unit: "MiB",
            }
        } else {
            Self {
                divisor: 1024.0,
                unit: "KiB",
            }
        }
    }

    /// Nanoseconds: ms, or µs when the whole call is shorter than 1 ms.
    fn time(max_ns: f64) -> Self {
        if max_ns >= 1e6 {
            Self {
                divisor: 1e6,
                unit: "ms",
            }
        } else {
            Self {
                divisor: 1e3,
                unit: "µs",
            }
        }
    }
}

/// The heap as a step line in scaled (time, bytes): each value holds until the next change.
fn heap_steps(recording: &Recording, time: Scale, scale: Scale) -> Vec<(f64, f64)> {
    let mut steps = Vec::with_capacity(recording.heap.len() * 2);
    let mut previous: Option<f64> = None;
    for point in &recording.heap {
        let t = point.t_ns as f64 / time.divisor;
        let y = point.bytes as f64 / scale.divisor;
        if let Some(before) = previous {
            steps.push((t, before));
        }
        steps.push((t, y));
        previous = Some(y);
    }
    steps
}

fn rss_line(recording: &Recording, time: Scale, scale: Scale) -> Vec<(f64, f64)> {
    recording
        .rss
        .iter()
        .map(|p| (p.t_ns as f64 / time.divisor, p.bytes as f64 / scale.divisor))
        .collect()
}

/// The extent of everything drawn: (max time in ns, min bytes, max bytes). The byte range
/// spans at least 0 to 1 KiB, so that a strategy that never allocates gets a readable axis.
fn extent<'a>(recordings: impl Iterator<Item = &'a Recording>) -> (f64, f64, f64) {
    let mut t_max: f64 = 0.0;
    let mut low: f64 = 0.0;
    let mut high: f64 = 1024.0;
    for r in recordings {
        t_max = t_max.max(r.duration_ns as f64);
        for p in &r.heap {
            low = low.min(p.bytes as f64);
            high = high.max(p.bytes as f64);
        }
        for p in &r.rss {
            t_max = t_max.max(p.t_ns as f64);
            low = low.min(p.bytes as f64);
            high = high.max(p.bytes as f64);
        }
        high = high.max(r.usage.peak_bytes as f64);
        high = high.max(r.peak_rss.bytes as f64);
    }
    (t_max.max(1.0), low, high)
}

/// The plotting area of a timeline chart: f64 seconds (or ms, µs) against f64 bytes.
type Canvas<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Where a chart's figures land: the units of its axes and its plotted extent, in them.
#[derive(Clone, Copy)]
struct Frame {
    time: Scale,
    scale: Scale,
    t_max: f64,
    y_low: f64,
    y_high: f64,
}

/// One chart: the named recordings, each as heap (solid) and RSS (thin) lines.
fn draw(title: &str, recordings: &[(&str, &Recording)], single: bool) -> anyhow::Result<String> {
    let (t_max_ns, low, high) = extent(recordings.iter().map(|(_, r)| *r));
    let palette = Palette::new(recordings.iter().map(|(name, _)| *name));
    let scale = Scale::bytes(high.max(-low));
    let time = Scale::time(t_max_ns);
    let frame = Frame {
        time,
        scale,
        t_max: t_max_ns / time.divisor,
        y_low: low / scale.divisor * 1.1,
        // Head-room above the data for the legend and the phase names.
        y_high: high / scale.divisor * 1.35,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..frame.t_max * 1.02, frame.y_low..frame.y_high)
            .map_err(plot_error)?;
        let (unit, time_unit) = (scale.unit, time.unit);
        chart
            .configure_mesh()
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 16))
            .x_desc("time since the call started")
            .y_desc(format!("bytes above the start ({unit})"))
            .x_label_formatter(&|v| format!("{v:.1} {time_unit}"))
            .y_label_formatter(&|v| format!("{v:.1} {unit}"))
            .draw()
            .map_err(plot_error)?;
        for (name, recording) in recordings {
            let colours = if single {
                (RGBColor(31, 119, 180), RGBColor(255, 127, 14))
            } else {
                let c = palette.colour(name);
                (c, c)
            };
            draw_recording(&mut chart, frame, name, recording, colours, single)?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

/// One recording on `chart`: its heap and RSS lines and its peak marked; on a `single`
/// chart also the exact resident peak, the peak's value and the phases.
fn draw_recording(
    chart: &mut Canvas<'_, '_>,
    frame: Frame,
    name: &str,
    recording: &Recording,
    (heap_colour, rss_colour): (RGBColor, RGBColor),
    single: bool,
) -> anyhow::Result<()> {
    let Frame { time, scale, .. } = frame;
    let heap_label = if single {
        "heap (exact)".to_owned()
    } else {
        format!("{name} (peak {})", bytes_human(recording.usage.peak_bytes))
    };
    chart
        .draw_series(LineSeries::new(
            heap_steps(recording, time, scale),
            heap_colour.stroke_width(2),
        ))
        .map_err(plot_error)?
        .label(heap_label)
        .legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 20, y)], heap_colour.stroke_width(2))
        });
    if !recording.rss.is_empty() {
        let rss_style = rss_colour.mix(0.5).stroke_width(1);
        let drawn = chart
            .draw_series(LineSeries::new(rss_line(recording, time, scale), rss_style))
            .map_err(plot_error)?;
        // On the overlay, RSS lines share their strategy's colour, unlabelled.
        if single {
            drawn
                .label("RSS (sampled)")
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], rss_style));
        }
    }
    if single && recording.peak_rss.bytes > 0 {
        draw_peak_rss(chart, frame, recording, rss_colour)?;
    }
    draw_peak(chart, frame, recording, heap_colour, single)?;
    if single {
        draw_phases(chart, frame, recording)?;
    }
    Ok(())
}

/// The exact resident peak as a horizontal line: the samples may miss it.
fn draw_peak_rss(
    chart: &mut Canvas<'_, '_>,
    frame: Frame,
    recording: &Recording,
    colour: RGBColor,
) -> anyhow::Result<()> {
    let y = recording.peak_rss.bytes as f64 / frame.scale.divisor;
    let style = colour.stroke_width(1);
    chart
        .draw_series([PathElement::new(vec![(0.0, y), (frame.t_max, y)], style)])
        .map_err(plot_error)?
        .label(format!(
            "peak RSS {}{} ({} B)",
            bytes_human(recording.peak_rss.bytes),
            recording.peak_rss.source.suffix(),
            grouped(recording.peak_rss.bytes)
        ))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    Ok(())
}

/// Marks the heap's peak, as mprof marks its maximum; its value is written beside it on
/// a single chart and in the legend on the overlay.
fn draw_peak(
    chart: &mut Canvas<'_, '_>,
    frame: Frame,
    recording: &Recording,
    colour: RGBColor,
    single: bool,
) -> anyhow::Result<()> {
    let Some(peak) = recording.peak_point().filter(|p| p.bytes > 0) else {
        return Ok(());
    };
    let at = (
        peak.t_ns as f64 / frame.time.divisor,
        peak.bytes as f64 / frame.scale.divisor,
    );
    chart
        .draw_series([Circle::new(at, 5, colour.filled())])
        .map_err(plot_error)?;
    if single {
        let label = format!(
            " peak {} ({} B)",
            bytes_human(recording.usage.peak_bytes),
            grouped(recording.usage.peak_bytes)
        );
        chart
            .draw_series([Text::new(label, at, ("sans-serif", 13))])
            .map_err(plot_error)?;
    }
    Ok(())
}

/// A grey vertical line, with its name, where each phase after the first begins.
fn draw_phases(
    chart: &mut Canvas<'_, '_>,
    frame: Frame,
    recording: &Recording,
) -> anyhow::Result<()> {
    let (y_low, y_high) = (frame.y_low, frame.y_high);
    for phase in recording.phases.iter().filter(|p| p.start_ns > 0) {
        let t = phase.start_ns as f64 / frame.time.divisor;
        let grey = RGBColor(120, 120, 120);
        chart
            .draw_series([
                PathElement::new(vec![(t, y_low), (t, y_high)], grey.stroke_width(1)).into_dyn(),
                Text::new(
                    phase.name.clone(),
                    (t, y_high * 0.97),
                    ("sans-serif", 12).into_font().color(&grey),
                )
                .into_dyn(),
            ])
            .map_err(plot_error)?;
    }
    Ok(())
}

/// The timeline of one strategy: heap (exact, every change), RSS (sampled), the peak
/// marked with its value, and a vertical line where each phase begins.
pub fn strategy_svg(name: &str, recording: &Recording) -> anyhow::Result<String> {
    let mut title = format!("{name}: memory over time");
    if recording.dropped_events > 0 {
        title.push_str(&format!(
            " ({} events dropped; peak exact)",
            grouped(recording.dropped_events)
        ));
    }
    draw(&title, &[(name, recording)], true)
}

/// Every strategy's timeline on one chart.
pub fn overlay_svg(recordings: &[(String, Recording)]) -> anyhow::Result<String> {
    let named: Vec<(&str, &Recording)> = recordings.iter().map(|(n, r)| (n.as_str(), r)).collect();
    draw(
        "Memory over time, every strategy (faint lines: RSS)",
        &named,
        false,
    )
}
