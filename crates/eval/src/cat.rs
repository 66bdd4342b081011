//! Reading CAT XML (the NewsReader format of MEANTIME and ECB+): tokens,
//! markables with their token anchors, and relations between markables.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Every file under `dir` (recursively) whose extension is one of `exts`, sorted by path.
pub(crate) fn files_with(dir: &Path, exts: &[&str]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)
            .map_err(|e| format!("{}: {e}", d.display()))?
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `items`, or an error naming `dir` and what it lacks when there are none
/// (a wrong directory should not score as an empty, perfect run).
pub(crate) fn found<T>(dir: &Path, items: Vec<T>, what: &str) -> Result<Vec<T>, String> {
    if items.is_empty() {
        Err(format!("{}: no {what} found here", dir.display()))
    } else {
        Ok(items)
    }
}

/// The value of attribute `name` in a tag's text.
pub(crate) fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(tag[at..].split('"').next()?.to_string())
}

/// XML character entities back to characters.
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text rebuilt from the tokens (space-separated, one line per
/// sentence) and each token id's byte range in it.
pub(crate) fn tokens(src: &str) -> (String, FxHashMap<String, (usize, usize)>) {
    let mut text = String::new();
    let mut offsets: FxHashMap<String, (usize, usize)> = FxHashMap::default();
    let mut last_sentence = None;
    for tok in src.split("<token ").skip(1) {
        let Some(gt) = tok.find('>') else { continue };
        let head = &tok[..gt];
        let body = unescape(tok[gt + 1..].split("</token>").next().unwrap_or(""));
        let (Some(id), sentence) = (attr(head, "t_id"), attr(head, "sentence")) else {
            continue;
        };
        if !text.is_empty() {
            text.push(if sentence != last_sentence { '\n' } else { ' ' });
        }
        last_sentence = sentence;
        offsets.insert(id, (text.len(), text.len() + body.len()));
        text.push_str(&body);
    }
    (text, offsets)
}

/// A markable: its tag, id, attributes (the opening tag's text) and the
/// token ids it is anchored to (none for an instance definition).
pub(crate) struct Markable {
    pub tag: String,
    pub m_id: String,
    pub head: String,
    pub tokens: Vec<String>,
}

/// Every markable in the `<Markables>` section.
pub(crate) fn markables(src: &str) -> Vec<Markable> {
    let Some(start) = src.find("<Markables>") else {
        return Vec::new();
    };
    let end = src[start..].find("</Markables>").map_or(src.len(), |i| start + i);
    let section = &src[start + "<Markables>".len()..end];
    let mut out = Vec::new();
    let mut rest = section;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if rest.starts_with('/') || rest.starts_with("token_anchor") {
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let head = &rest[..gt];
        let tag = head.split_whitespace().next().unwrap_or("").to_string();
        let Some(m_id) = attr(head, "m_id") else { continue };
        let mut tokens = Vec::new();
        if !head.ends_with('/') {
            let close = format!("</{tag}>");
            let body_end = rest.find(&close).unwrap_or(rest.len());
            tokens = rest[gt..body_end]
                .split("t_id=\"")
                .skip(1)
                .filter_map(|x| x.split('"').next().map(str::to_string))
                .collect();
            rest = &rest[body_end..];
        }
        out.push(Markable {
            tag,
            m_id,
            head: head.to_string(),
            tokens,
        });
    }
    out
}

/// Relations of one kind: (the opening tag's text, source m_ids, target m_id).
pub(crate) fn relations(src: &str, kind: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let open = format!("<{kind} ");
    let close = format!("</{kind}>");
    src.split(&open)
        .skip(1)
        .map(|block| {
            let body = block.split(&close).next().unwrap_or("");
            let head = body[..body.find('>').unwrap_or(0)].to_string();
            let ids = |tag: &str| -> Vec<String> {
                body.split(&format!("<{tag} "))
                    .skip(1)
                    .filter_map(|x| attr(x, "m_id"))
                    .collect()
            };
            (head, ids("source"), ids("target").into_iter().next())
        })
        .collect()
}
