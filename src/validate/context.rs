//! What a record's own rules are checked with: where it came from, the
//! configuration, its common fields and the build date, and the findings.

use crate::config::Config;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::model::{Common, RowOrigin, Source};

/// Context for a kind's own validation.
pub struct CheckContext<'a> {
    /// Where the record came from.
    pub source: &'a Source,
    /// Repository configuration (legal durations).
    pub config: &'a Config,
    /// The record's common fields.
    pub common: &'a Common,
    /// The build date.
    pub today: Date,
    /// Findings.
    pub diags: Vec<Diagnostic>,
}

impl CheckContext<'_> {
    /// Reports an error at a field.
    pub fn error(
        &mut self,
        code: &'static str,
        field: &str,
        message: impl Into<crate::diagnostics::Message>,
    ) -> &mut Diagnostic {
        let (line, column) = self.source.field_position(field);
        self.push(
            Diagnostic::error(code, self.source.path.clone(), line, message).at_column(column),
        )
    }

    /// Reports a warning at a field.
    pub fn warning(
        &mut self,
        code: &'static str,
        field: &str,
        message: impl Into<crate::diagnostics::Message>,
    ) -> &mut Diagnostic {
        let d = self.error(code, field, message);
        d.severity = crate::diagnostics::Severity::Warning;
        d
    }

    /// Reports an error at item `index` of a list field.
    pub fn item_error(
        &mut self,
        code: &'static str,
        field: &str,
        index: usize,
        message: impl Into<crate::diagnostics::Message>,
    ) -> &mut Diagnostic {
        let line = self.source.item_line(field, index);
        self.push(Diagnostic::error(
            code,
            self.source.path.clone(),
            line,
            message,
        ))
    }

    /// Reports an error at row `index` of a table: at its CSV line when it
    /// came from a CSV file, else at its item in the front matter.
    pub fn row_error(
        &mut self,
        code: &'static str,
        field: &str,
        index: usize,
        origin: Option<&RowOrigin>,
        message: impl Into<crate::diagnostics::Message>,
    ) -> &mut Diagnostic {
        match origin {
            Some(o) => self.push(Diagnostic::error(code, o.file.clone(), o.line, message)),
            None => self.item_error(code, field, index, message),
        }
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.diags.push(d);
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }
}
