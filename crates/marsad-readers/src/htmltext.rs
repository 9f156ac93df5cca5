//! HTML → plain text that keeps paragraph structure: block elements are
//! separated by a blank line, list items, table rows and `<br>` by a line
//! break, and inline whitespace is collapsed the way a browser renders it.
//! No character is added (no bullets, no markup).

use dom_query::NodeRef;

/// Deepest nesting accepted (real pages stay well under 100): parsing
/// and readability scoring cost grows with the square of the depth.
pub(crate) const MAX_NESTING: usize = 1000;

/// Elements that never nest or that the parser closes implicitly.
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd", "!doctype",
];

/// A cheap upper estimate of the element nesting depth, from tags alone.
pub(crate) fn nesting_estimate(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let close = b[i + 1] == b'/';
        let start = i + 1 + usize::from(close);
        let mut j = start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'!') {
            j += 1;
        }
        if j == start {
            i += 1;
            continue;
        }
        let name = html[start..j].to_ascii_lowercase();
        let end = b[j..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |k| j + k);
        let self_closing = end > 0 && end < b.len() && b[end - 1] == b'/';
        if close {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !NON_NESTING.contains(&name.as_str()) {
            depth += 1;
            max = max.max(depth);
        }
        i = end;
    }
    max
}

/// Elements whose content never reaches the text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
    "embed", "svg", "math", "canvas", "video", "audio", "select", "option", "button", "input",
    "textarea", "form", "dialog",
];

/// Elements that start a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "table",
    "ul",
    "ol",
    "dl",
    "address",
    "center",
    "details",
    "summary",
    "fieldset",
    "hgroup",
    "body",
    "html",
    "hr",
];

/// Elements that start a line.
const LINE: &[&str] = &[
    "li", "dt", "dd", "tr", "caption", "thead", "tbody", "tfoot", "option",
];

/// Builds text with pending breaks, so that nested blocks never produce
/// more than one blank line and the text never starts or ends with one.
#[derive(Default)]
pub(crate) struct TextBuilder {
    buf: String,
    /// 0 none, 1 line break, 2 paragraph break, pending before next text.
    pending: u8,
    /// Whether the last character written was collapsible whitespace.
    space: bool,
}

impl TextBuilder {
    fn brk(&mut self, n: u8) {
        self.pending = self.pending.max(n);
    }

    fn push_text(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            if !pre && c.is_whitespace() && c != '\u{a0}' {
                // Collapsed whitespace; dropped at line starts.
                if !self.buf.is_empty() && self.pending == 0 {
                    self.space = true;
                }
                continue;
            }
            if pre && c == '\n' {
                self.brk(1);
                continue;
            }
            if self.pending > 0 {
                if !self.buf.is_empty() {
                    let n = self.buf.trim_end_matches([' ', '\t']).len();
                    self.buf.truncate(n);
                    for _ in 0..self.pending {
                        self.buf.push('\n');
                    }
                }
                self.pending = 0;
                self.space = false;
            } else if self.space {
                self.buf.push(' ');
                self.space = false;
            }
            self.buf.push(c);
        }
    }

    pub(crate) fn finish(self) -> String {
        self.buf.trim().to_string()
    }
}

fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    if node
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    node.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Appends the visible text of `node` to `out`.
pub(crate) fn walk(node: &NodeRef, out: &mut TextBuilder) {
    walk_depth(node, out, false, 0, true);
}

/// Like [`walk`], but keeps navigation, asides and footers (where pages
/// put view counts and bylines).
pub(crate) fn walk_with_chrome(node: &NodeRef, out: &mut TextBuilder) {
    walk_depth(node, out, false, 0, false);
}

/// Page furniture, skipped unless asked for.
const CHROME: &[&str] = &["nav", "footer", "aside", "menu"];

/// Deeply nested markup is cut off rather than overflowing the stack.
const MAX_DEPTH: usize = MAX_NESTING + 200;

fn walk_depth(node: &NodeRef, out: &mut TextBuilder, pre: bool, depth: usize, skip_chrome: bool) {
    if depth > MAX_DEPTH {
        return;
    }
    if node.is_text() {
        out.push_text(&node.text(), pre);
        return;
    }
    if !node.is_element() {
        // Document or fragment roots: walk their children; skip comments.
        if node.is_document() || node.is_fragment() {
            for child in node.children_it(false) {
                walk_depth(&child, out, pre, depth + 1, skip_chrome);
            }
        }
        return;
    }
    let name = node
        .node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default();
    if SKIP.contains(&name.as_str())
        || (skip_chrome && CHROME.contains(&name.as_str()))
        || is_hidden(node)
    {
        return;
    }
    match name.as_str() {
        "br" => {
            out.brk(1);
            return;
        }
        "td" | "th" => {
            // Cells on one line, separated by a space.
            out.space = !out.buf.is_empty();
        }
        _ => {}
    }
    let brk = if BLOCK.contains(&name.as_str()) {
        2
    } else if LINE.contains(&name.as_str()) {
        1
    } else {
        0
    };
    out.brk(brk);
    let pre = pre || name == "pre";
    for child in node.children_it(false) {
        walk_depth(&child, out, pre, depth + 1, skip_chrome);
    }
    out.brk(brk);
}

/// The text of an HTML fragment (feed content, a readability result).
pub(crate) fn fragment_text(html: &str) -> String {
    if nesting_estimate(html) > MAX_NESTING {
        return String::new();
    }
    let doc = dom_query::Document::fragment(html);
    let mut b = TextBuilder::default();
    walk(&doc.root(), &mut b);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lists_and_breaks() {
        let html = "<div><h2>عنوان</h2><p>فقرة   أولى\n تمتد.</p><ul><li>بند أول</li><li>بند <b>ثان</b></li></ul><p>سطر<br>وسطر</p></div>";
        assert_eq!(
            fragment_text(html),
            "عنوان\n\nفقرة أولى تمتد.\n\nبند أول\nبند ثان\n\nسطر\nوسطر"
        );
    }

    #[test]
    fn skips_scripts_nav_and_hidden() {
        let html = "<p>نص<script>var x=1;</script></p><nav>القائمة</nav><p hidden>مخفي</p><p style=\"display: none\">مخفي</p><footer>حقوق</footer><p>تتمة</p>";
        assert_eq!(fragment_text(html), "نص\n\nتتمة");
    }

    #[test]
    fn keeps_characters_and_entities() {
        let html = "<p>مُحَمَّـــد &laquo;قال&raquo; &amp; 5&nbsp;%</p>";
        assert_eq!(fragment_text(html), "مُحَمَّـــد «قال» & 5\u{a0}%");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}نص{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let _ = fragment_text(&html);
    }
}
