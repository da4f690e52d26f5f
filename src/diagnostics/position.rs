//! Where a top-level field of a record's front matter (or of a ward's
//! profile) is, line and column, for diagnostics to point at it.

use crate::model::Source;

impl Source {
    /// The line of item `index` of a top-level list field.
    pub(crate) fn item_line(&self, key: &str, index: usize) -> usize {
        let Some((start, _)) = self.find_key(key) else {
            return self.yaml_line;
        };
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
        };
        assert_eq!(source.key_position("title"), (2, 1));
        assert_eq!(source.key_position("tasks"), (3, 1));
        assert_eq!(source.item_line("tasks", 0), 4);
        assert_eq!(source.item_line("tasks", 1), 6);
        assert_eq!(source.key_position("missing"), (2, 0));
        assert_eq!(source.field_position("title"), (2, 8));
    }
}
