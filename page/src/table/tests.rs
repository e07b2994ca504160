use super::*;

fn sample() -> Table {
    Table::new(["name", "time", "order"], 1)
        .left(2)
        .with_rows([["a<b", "1 ms", "faster"], ["c", "20 ms", "tied"]])
}

#[test]
fn markdown_marks_figure_columns_right() {
    assert_eq!(
        sample().markdown(),
        "| name | time | order |\n|---|---:|---|\n| a&lt;b | 1 ms | faster |\n| c | 20 ms | tied |\n"
    );
}

#[test]
fn a_bar_in_a_markdown_cell_stays_in_its_cell() {
    let table = Table::new(["name"], 1).with_rows([["a|b".to_owned()]]);
    assert_eq!(table.markdown(), "| name |\n|---|\n| a\\|b |\n");
}

#[test]
fn markdown_text_escapes_markup_but_not_a_word_joined_by_underscores() {
    assert_eq!(markdown_text("vec_owned"), "vec_owned");
    assert_eq!(markdown_text("_e_ *x*"), "\\_e\\_ \\*x\\*");
    assert_eq!(markdown_text("a<b&c>"), "a&lt;b&amp;c&gt;");
    assert_eq!(markdown_text("[l](u) `c` \\"), "\\[l\\](u) \\`c\\` \\\\");
}

#[test]
fn html_escapes_and_classes_figures() {
    let mut table = Table::new(["name", "n"], 1);
    table.push_titled("x & y", ["a<b", "1"]);
    assert_eq!(
        table.html(),
        "<table><tr><th>name</th><th>n</th></tr>\n<tr><td title=\"x &amp; y\">a&lt;b</td>\
         <td class=\"num\">1</td></tr>\n</table>\n"
    );
}

#[test]
fn terminal_aligns_figures_right() {
    let text = sample().terminal();
    assert!(text.contains("│ a<b  ┆  1 ms ┆ faster │"), "{text}");
}

#[test]
fn with_labels_keeps_rows() {
    let table = sample().with_labels(2);
    assert!(table.markdown().contains("|---|---|---:|"));
    assert!(table.markdown().contains("| c | 20 ms | tied |"));
}
