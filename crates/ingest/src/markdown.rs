//! Markdown to paragraphs with pulldown-cmark: link text kept, images,
//! inline HTML and the first level-1 heading (the title) taken out.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Returns the first `# heading` (the title) and the body blocks.
pub(crate) fn markdown_blocks(src: &str) -> (Option<String>, Vec<String>) {
    let mut title = None;
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut in_h1 = false;
    let mut image_depth = 0usize;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let t = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            blocks.push(t);
        }
        current.clear();
    };
    for event in Parser::new(src) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_none() => {
                flush(&mut current, &mut blocks);
                in_h1 = true;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_h1 => {
                let t = current.split_whitespace().collect::<Vec<_>>().join(" ");
                title = (!t.is_empty()).then_some(t);
                current.clear();
                in_h1 = false;
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::BlockQuote(_) | Tag::CodeBlock(_)) => {
                flush(&mut current, &mut blocks)
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) => flush(&mut current, &mut blocks),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            // Inline HTML (often <img> tags with data URIs) is page furniture.
            Event::Html(_) | Event::InlineHtml(_) => {}
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    (title, blocks)
}

#[cfg(test)]
mod tests {
    use super::markdown_blocks;

    #[test]
    fn markdown_keeps_link_text_and_drops_images() {
        let (title, blocks) = markdown_blocks(
            "# Port fire\n\nA [fire](http://x) broke out.\n\n![smoke](data:image/png;base64,AAAA)\n\n<img src=\"x.png\">\n\n## Later\n\n- one\n- two\n",
        );
        assert_eq!(title.as_deref(), Some("Port fire"));
        assert_eq!(blocks, vec!["A fire broke out.", "Later", "one", "two"]);
    }
}
