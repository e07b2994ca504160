//! `reports/index.html` as a reader sees it: rendered by headless Chromium, which loads
//! every image the page shows. The test finds no broken relative link, no image that fails
//! to load, no chart with nothing drawn, nothing fetched from the network, and the
//! trade-off chart first, before any table.
//!
//! Chromium is not a build dependency: without it the test says it skipped and why
//! (`apt-get install chromium` installs it; `SUMBENCH_CHROMIUM` names another binary).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// The first Chromium found: `SUMBENCH_CHROMIUM`, else the usual names on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SUMBENCH_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

/// What the harness page reads from the rendered report.
#[derive(Debug, Deserialize)]
struct Rendered {
    images: Vec<Image>,
    links: Vec<String>,
    ids: Vec<String>,
    /// Top of the first table, px from the top of the page (`null` without a table).
    first_table_top: Option<f64>,
    /// Top of the verdict paragraph (`null` without one).
    verdict_top: Option<f64>,
    /// Whether anything was fetched with an absolute http(s) address.
    remote: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Image {
    src: String,
    /// 0 when the image did not load.
    natural_width: f64,
    /// Width on the page, px, in a 1400 px window.
    shown_width: f64,
    top: f64,
}

/// A page that frames the report and writes what it finds into `<pre id="out">`, so that
/// `--dump-dom` prints it. `--allow-file-access-from-files` lets it read the framed page.
const HARNESS: &str = r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="REPORT" style="width:1400px;height:1000px;border:0"></iframe>
<pre id="out">not loaded</pre>
<script>
const frame = document.getElementById('f');
frame.addEventListener('load', () => {
  const d = frame.contentDocument;
  const table = d.querySelector('table');
  const verdict = d.querySelector('.verdict');
  const all = [...d.querySelectorAll('[src],[href]')]
    .map(e => e.getAttribute('src') || e.getAttribute('href'));
  document.getElementById('out').textContent = JSON.stringify({
    images: [...d.images].map(i => ({
      src: i.getAttribute('src'),
      natural_width: i.naturalWidth,
      shown_width: i.getBoundingClientRect().width,
      top: i.getBoundingClientRect().top,
    })),
    links: [...d.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    ids: [...d.querySelectorAll('[id]')].map(e => e.id),
    first_table_top: table ? table.getBoundingClientRect().top : null,
    verdict_top: verdict ? verdict.getBoundingClientRect().top : null,
    remote: all.filter(u => /^(https?:)?\/\//.test(u)),
  });
});
</script></body></html>"#;

/// Runs Chromium on `harness` and returns the DOM it dumps, or fails after two minutes.
fn render(chromium: &Path, harness: &Path) -> String {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--allow-file-access-from-files",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", harness.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("Chromium runs").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Chromium did not finish rendering the report in two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().expect("Chromium's output");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Unescapes the few entities `--dump-dom` writes inside `<pre>`.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What the harness finds in `page`, rendered by `chromium`.
fn rendered(chromium: &Path, page: &Path) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    let harness = dir.path().join("harness.html");
    let url = format!("file://{}", page.display());
    std::fs::write(&harness, HARNESS.replace("REPORT", &url)).unwrap();

    let dom = render(chromium, &harness);
    let out = dom
        .split_once("<pre id=\"out\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| unescape(json))
        .unwrap_or_else(|| panic!("Chromium printed no result:\n{dom}"));
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("the harness found no report ({e}): {out}"))
}

/// Every image loaded and drew something, every relative link leads to a file or a
/// section, and nothing came from the network.
fn loads_whole(rendered: &Rendered, dir: &Path) {
    assert!(
        rendered.remote.is_empty(),
        "fetched from the network: {:?}",
        rendered.remote
    );
    assert!(!rendered.images.is_empty(), "no chart on the page");
    for image in &rendered.images {
        assert!(image.natural_width > 0.0, "{} did not load", image.src);
        let svg = std::fs::read_to_string(dir.join(&image.src)).unwrap();
        assert!(
            svg.contains("<polyline") || svg.contains("<circle"),
            "{} is an empty chart: nothing drawn in its frame",
            image.src
        );
    }
    for link in &rendered.links {
        match link.strip_prefix('#') {
            Some(id) => assert!(rendered.ids.iter().any(|i| i == id), "no section #{id}"),
            None => {
                let file = link.split(['#', '?']).next().unwrap();
                assert!(dir.join(file).exists(), "broken link: {link}");
            }
        }
    }
}

#[test]
fn the_report_renders_with_no_broken_link_and_no_empty_chart() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped: no Chromium on PATH (apt-get install chromium), so reports/index.html \
             was not rendered"
        );
        return;
    };
    let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let page = reports.join("index.html");
    assert!(page.is_file(), "{} is missing", page.display());
    let rendered = rendered(&chromium, &page);

    loads_whole(&rendered, &reports);
    let first = &rendered.images[0];
    assert_eq!(first.src, "tradeoff.svg", "the trade-off chart comes first");
    assert!(
        rendered.first_table_top.is_none_or(|top| first.top < top),
        "the trade-off chart is below a table"
    );
    assert!(
        first.shown_width >= 1000.0,
        "the trade-off chart is {} px wide in a 1400 px window",
        first.shown_width
    );
}

/// A sweep's page: three sizes of one saved run, each with its own folder, as a sweep
/// writes them.
#[test]
fn a_sweep_page_renders_with_the_verdict_first() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped: no Chromium on PATH (apt-get install chromium), so a sweep's page was \
             not rendered"
        );
        return;
    };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run-report.json");
    let run: sumbench::export::RunReport =
        serde_json::from_slice(&std::fs::read(fixture).unwrap()).unwrap();
    let sizes = vec![1_000, 10_000, 100_000];
    let dir = tempfile::tempdir().unwrap();
    let runs: Vec<_> = sizes
        .iter()
        .map(|&size| {
            let mut run = run.clone();
            run.parameters.insert("n".into(), size);
            for result in &mut run.results {
                result.time.median_ns *= size / 1_000;
                result.time.ci_low_ns *= size / 1_000;
                result.time.ci_high_ns *= size / 1_000;
            }
            sumbench::app::run::save(&run, &dir.path().join(format!("n-{size}")), &[]).unwrap();
            run
        })
        .collect();
    let sweep = sumbench::SweepReport::new("a <sweep>", "n", sizes, runs);
    std::fs::write(dir.path().join("index.html"), sweep.html()).unwrap();
    for (file, svg) in sweep.charts().unwrap() {
        std::fs::write(dir.path().join(file), svg).unwrap();
    }
    // The links to each size's Markdown page, and the charts, lead somewhere.
    let rendered = rendered(&chromium, &dir.path().join("index.html"));
    loads_whole(&rendered, dir.path());
    assert_eq!(rendered.images.len(), 2);
    let verdict = rendered.verdict_top.expect("a verdict paragraph");
    assert!(
        rendered.images.iter().all(|image| verdict < image.top),
        "the verdict is below a chart"
    );
    assert!(
        rendered
            .first_table_top
            .is_some_and(|table| verdict < table)
    );
}

/// One comparison's page, as `save` writes it beside its Markdown: the verdict above the
/// trade-off chart and the table, every image and link loading.
#[test]
fn a_comparison_page_renders_with_the_verdict_first() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped: no Chromium on PATH (apt-get install chromium), so a comparison's page \
             was not rendered"
        );
        return;
    };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run-report.json");
    let mut run: sumbench::export::RunReport =
        serde_json::from_slice(&std::fs::read(fixture).unwrap()).unwrap();
    run.decide();
    let dir = tempfile::tempdir().unwrap();
    sumbench::app::run::save(&run, dir.path(), &[]).unwrap();
    let rendered = rendered(&chromium, &dir.path().join("latest.html"));
    loads_whole(&rendered, dir.path());
    let verdict = rendered.verdict_top.expect("a verdict paragraph");
    let chart = rendered
        .images
        .iter()
        .find(|image| image.src.starts_with("tradeoff"))
        .expect("the trade-off chart");
    assert!(verdict < chart.top, "the verdict is below the chart");
    assert!(
        rendered
            .first_table_top
            .is_some_and(|table| verdict < table && chart.top < table),
        "a table comes before the verdict or the chart"
    );
}
