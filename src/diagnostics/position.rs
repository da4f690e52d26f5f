//! Where a top-level field of a record's front matter (or of a ward's
//! profile) is, line and column, for diagnostics to point at it.

use crate::model::Source;

/// The lines of a front matter's top-level keys and of the items of the
/// lists under them, so that locating 100,000 list items or keys costs one
/// pass over the text, not one pass each.
#[derive(Debug, Clone, Default)]
pub struct KeyIndex {
    /// Each top-level key's first line (0-based) and the byte range of that line.
    pub(crate) keys: std::collections::HashMap<String, (usize, std::ops::Range<usize>)>,
    /// The 0-based lines of the items of the list under the key on a line.
    pub(crate) items: std::collections::HashMap<usize, Vec<usize>>,
}

impl KeyIndex {
    /// Indexes the lines of `yaml` that start at column 0 with a key (not
    /// `-`, `#` or a space), and the list items under each first occurrence.
    pub(crate) fn new(yaml: &str) -> KeyIndex {
        let mut index = KeyIndex::default();
        let mut at = 0;
        let mut open: Option<(usize, Option<usize>)> = None;
        for (i, line) in yaml.lines().enumerate() {
            let start = at;
            at = yaml[at..].find('\n').map_or(yaml.len(), |n| at + n + 1);
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent == 0 && !trimmed.starts_with('-') {
                open = None;
                if let Some(colon) = line.find(':') {
                    let key = line[..colon].trim_end();
                    if !key.is_empty() && !index.keys.contains_key(key) {
                        index
                            .keys
                            .insert(key.to_string(), (i, start..start + line.len()));
                        index.items.insert(i, Vec::new());
                        open = Some((i, None));
                    }
                }
                continue;
            }
            // The same rule as [`Source::item_line`] used to apply line by line.
            if let Some((key_line, item_indent)) = &mut open {
                if trimmed.starts_with('-') && item_indent.is_none_or(|n| n == indent) {
                    *item_indent = Some(indent);
                    if let Some(items) = index.items.get_mut(key_line) {
                        items.push(i);
                    }
                }
            }
        }
        index
    }
}

impl Source {
    /// The line of item `index` of a top-level list field.
    pub(crate) fn item_line(&self, key: &str, index: usize) -> usize {
        let Some((start, _)) = self.find_key(key) else {
            return self.yaml_line;
        };
        if let Some(ix) = self.index_for(key) {
            let item = ix.items.get(&start).and_then(|items| items.get(index));
            return self.yaml_line + item.copied().unwrap_or(start);
        }
        let mut seen = 0;
        let mut item_indent = None;
        for (i, line) in self.yaml.lines().enumerate().skip(start + 1) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent == 0 && !trimmed.starts_with('-') {
                break;
            }
            if trimmed.starts_with('-') && item_indent.is_none_or(|n| n == indent) {
                item_indent = Some(indent);
                if seen == index {
                    return self.yaml_line + i;
                }
                seen += 1;
            }
        }
        self.yaml_line + start
    }

    /// The index of keys and items, when `key` is a plain field name that
    /// the index can answer for.
    fn index_for(&self, key: &str) -> Option<&KeyIndex> {
        let plain = !key.is_empty()
            && !key.contains(':')
            && key.trim() == key
            && !key.starts_with(['-', '#']);
        plain.then(|| self.index.get_or_init(|| KeyIndex::new(&self.yaml)))
    }

    /// Line and column (1-based) of a top-level key; the front matter's
    /// first line and column 0 when the key is absent.
    pub(crate) fn key_position(&self, key: &str) -> (usize, usize) {
        self.find_key(key)
            .map_or((self.yaml_line, 0), |(i, _)| (self.yaml_line + i, 1))
    }

    /// Line and column (1-based) of a top-level field's value, or of its key
    /// when the value starts on the next lines.
    pub(crate) fn field_position(&self, key: &str) -> (usize, usize) {
        let Some((i, line)) = self.find_key(key) else {
            return (self.yaml_line, 0);
        };
        let after_key = &line[key.len()..];
        let after_colon = after_key.trim_start().strip_prefix(':').unwrap_or("");
        let value = after_colon.trim_start();
        if value.is_empty() || value.starts_with('#') {
            return (self.yaml_line + i, 1);
        }
        let column = line[..line.len() - value.len()].chars().count() + 1;
        (self.yaml_line + i, column)
    }

    fn find_key(&self, key: &str) -> Option<(usize, &str)> {
        if let Some(index) = self.index_for(key) {
            return index
                .keys
                .get(key)
                .and_then(|(i, range)| Some((*i, self.yaml.get(range.clone())?)));
        }
        self.yaml.lines().enumerate().find(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_field_and_item_lines() {
        let source = Source {
            path: "x.md".into(),
            yaml_line: 2,
            body_line: 10,
            yaml: "title: A\ntasks:\n  - content: a\n    lead: b\n  - content: c\nother: 1\n"
                .into(),
            ..Default::default()
        };
        assert_eq!(source.key_position("title"), (2, 1));
        assert_eq!(source.key_position("tasks"), (3, 1));
        assert_eq!(source.item_line("tasks", 0), 4);
        assert_eq!(source.item_line("tasks", 1), 6);
        assert_eq!(source.key_position("missing"), (2, 0));
        assert_eq!(source.field_position("title"), (2, 8));
    }

    /// The lines found by scanning the text for every question, as the
    /// index must answer.
    fn scanned(yaml: &str, key: &str, item: Option<usize>) -> Option<usize> {
        let (start, _) = yaml.lines().enumerate().find(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })?;
        let Some(index) = item else {
            return Some(start);
        };
        let mut seen = 0;
        let mut item_indent = None;
        for (i, line) in yaml.lines().enumerate().skip(start + 1) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent == 0 && !trimmed.starts_with('-') {
                break;
            }
            if trimmed.starts_with('-') && item_indent.is_none_or(|n| n == indent) {
                item_indent = Some(indent);
                if seen == index {
                    return Some(i);
                }
                seen += 1;
            }
        }
        Some(start)
    }

    #[test]
    fn the_key_index_answers_as_a_scan_would() {
        let yamls = [
            "title: A\ntasks:\n  - content: a\n    lead: b\n  - content: c\nother: 1\n",
            "a: 1\r\nb:\r\n- x\r\n- y\r\n\r\n# c: 2\r\nc : 3\r\n",
            "a:\n  - x\n    - y\n  - z\n# note\n\n  - w\na: again\n- stray\nb: [1]\n",
            "list:\n- 1\n-2\n - 3\n- 4\nnext\n- 5\nlist2:\n    - a\n  - b\n    - c\n",
            "x: 1\n  y: 2\n-z: 3\n#w: 4\n:\nv\u{a0}: 5\n",
        ];
        for yaml in yamls {
            let source = Source {
                path: "x.md".into(),
                yaml_line: 3,
                body_line: 20,
                yaml: yaml.into(),
                ..Default::default()
            };
            for key in [
                "title", "tasks", "other", "a", "b", "c", "list", "list2", "next", "x", "y", "  y",
                "-z", "#w", "v", "missing", "", "a:", "ta",
            ] {
                let line = |found: Option<usize>| found.map_or(3, |i| 3 + i);
                assert_eq!(
                    source.key_position(key).0,
                    line(scanned(yaml, key, None)),
                    "{key} in {yaml:?}"
                );
                for item in 0..6 {
                    assert_eq!(
                        source.item_line(key, item),
                        line(scanned(yaml, key, Some(item))),
                        "{key}[{item}] in {yaml:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn locating_every_item_of_a_long_list_is_linear() {
        let n = 100_000;
        let mut yaml = String::from("title: A\nlegal_basis:\n");
        for i in 0..n {
            yaml.push_str(&format!("  - \"{i}/2022/QH15\"\n"));
        }
        for i in 0..n {
            yaml.push_str(&format!("k{i}: 1\n"));
        }
        let source = Source {
            yaml,
            yaml_line: 2,
            ..Default::default()
        };
        let start = std::time::Instant::now();
        for i in 0..n {
            assert_eq!(source.item_line("legal_basis", i), 2 + 2 + i);
            assert_eq!(source.key_position(&format!("k{i}")).0, 2 + 2 + n + i);
        }
        // A scan per question took minutes.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
