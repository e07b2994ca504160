use super::*;

fn page() -> Page {
    let mut page = Page::new("a <b> page");
    page.push(Block::Verdict("x is the fastest & the leanest".into()));
    page.push(Block::Lines(vec!["one".into(), "two".into()]));
    page.push(Block::Table(
        Table::new(["strategy", "time"], 1).with_rows([["x_y", "1 ms"]]),
    ));
    page.push(Block::Chart {
        src: "time.svg".into(),
        alt: "time against n".into(),
        caption: Some("0 B at every point: z".into()),
    });
    page.push(Block::Section("At each size".into()));
    page.push(Block::Subsection("The largest".into()));
    page.push(Block::Items(vec![Item {
        label: "n = 10".into(),
        link: Some("n-10/latest.md".into()),
        text: ": fastest x".into(),
    }]));
    page.push(Block::Warnings(vec!["noisy".into()]));
    page
}

#[test]
fn markdown_has_every_block_in_order_escaped() {
    let markdown = page().markdown();
    assert_eq!(
        markdown,
        "# a &lt;b&gt; page\n\n**x is the fastest &amp; the leanest**\n\none  \ntwo\n\n\
         | strategy | time |\n|---|---:|\n| x_y | 1 ms |\n\n![time against n](time.svg)\n\n\
         Chart: 0 B at every point: z.\n\n## At each size\n\n### The largest\n\n\
         - [n = 10](n-10/latest.md): fastest x\n\n- **warning:** noisy\n"
    );
}

#[test]
fn html_has_the_verdict_first_and_escapes_every_text() {
    let html = page().html();
    let verdict = html.find("<p class=\"verdict\">x is the fastest &amp; the leanest</p>");
    assert!(verdict.is_some(), "{html}");
    assert!(verdict < html.find("<table"));
    assert!(html.contains("<title>a &lt;b&gt; page</title>"));
    assert!(html.contains("<a href=\"n-10/latest.md\">n = 10</a>: fastest x"));
    assert!(html.contains("<figcaption>0 B at every point: z</figcaption>"));
    assert!(html.contains("<h2>At each size</h2>\n<h3>The largest</h3>"));
    assert!(!html.contains("<b>"));
    assert!(html.ends_with("</body></html>\n"));
}
