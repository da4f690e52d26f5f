//! A record's page: its body with identifiers linked, its links to other
//! records, its files and history, through `record.html`.

use super::{
    record_path, ser, timeline, Dep, FileLink, HistoryView, LinkTo, Page, PageKey, Reads,
    RecordLinks, RecordObject, Renderer, WardShared,
};
use crate::diagnostics::Diagnostic;
use crate::model::{Record, RecordData, Ward};
use minijinja::context;
use std::collections::HashMap;
use std::sync::Arc;

impl Renderer<'_> {
    pub(super) fn record(
        &self,
        w: &Ward,
        shared: &WardShared,
        by_id: &HashMap<&str, &Arc<Record>>,
        r: &Arc<Record>,
    ) -> Result<(Vec<u8>, String), Diagnostic> {
        let reads = self.reads();
        if let Some(reads) = &reads {
            // The page shows its record and the facts the link stage found
            // about it.
            reads.add(Dep::Record(w.slug.clone(), r.id.clone()));
            reads.add(Dep::Links(w.slug.clone(), r.id.clone()));
        }
        let links = self.record_links(w, by_id, r, reads.as_ref());
        // Identifiers written in the body link to the one document they name
        // in the ward; the page reads which record each names.
        let identifiers = self.links.identifiers.get(&w.slug);
        let cite = |id: &crate::identifier::Identifier| -> Option<String> {
            let key = id.key();
            if let Some(reads) = &reads {
                reads.add(Dep::Identifier(w.slug.clone(), key.clone()));
            }
            let target = identifiers?.get(&key).filter(|t| **t != r.id)?;
            if let Some(reads) = &reads {
                reads.add(Dep::Record(w.slug.clone(), target.clone()));
            }
            by_id
                .get(target.as_str())
                .map(|x| format!("../{}", record_path(x)))
        };
        let body = crate::markdown::render_linking(
            &r.body,
            "",
            self.site.config.markdown.raw_html,
            Some(&cite),
        );
        let tables = crate::export::record_tables(w, r);
        let page = Page {
            head: crate::export::dcat::page_head(w, "../", Some((r, &tables))),
            ..self.page(1, true, "record", record_path(r))
        };
        let files: Vec<FileLink> = r
            .files
            .iter()
            .map(|f| FileLink {
                title: &f.title,
                href: format!("../files/{}/{}", r.id, f.file_name),
                size: f.size,
                sha256: &f.sha256,
            })
            .collect();
        let ctx = context! {
            t => self.t.clone(),
            page => ser(&page),
            ward => shared.value(reads.as_ref()),
            record => RecordObject::value(r, &shared.slug, reads.as_ref()),
            body_html => body.html,
            legal_basis => ser(&links.legal_basis),
            cited_by => ser(&links.cited_by),
            supersedes => ser(&links.supersedes),
            superseded_by => ser(&links.superseded_by),
            related => ser(&links.related),
            files => ser(&files),
            history => ser(&HistoryView::of(&self.site.history, r)),
            data_links => crate::export::record_links_html(r, &tables),
            // From the portal: pages do not depend on `base_url`.
            page_address => format!("{}/{}", w.slug, record_path(r)),
            timeline_href => match &r.data {
                RecordData::Land(l) => Some(format!("../{}", timeline::page_path(l))),
                _ => None,
            },
        };
        let bytes = self.render("record.html", ctx)?;
        self.keep(PageKey::Record(w.slug.clone(), r.id.clone()), reads);
        Ok((bytes, body.text))
    }

    /// What a record's page links to; notes the records and document
    /// numbers it looks up.
    fn record_links(
        &self,
        w: &Ward,
        by_id: &HashMap<&str, &Arc<Record>>,
        r: &Record,
        reads: Option<&Reads>,
    ) -> RecordLinks {
        let find = |id: &str| {
            if let Some(reads) = reads {
                reads.add(Dep::Record(w.slug.clone(), id.to_string()));
            }
            by_id.get(id).copied()
        };
        let link_to = |id: &str| {
            let x = find(id);
            LinkTo {
                title: x.map_or_else(|| id.to_string(), |x| x.common.title.clone()),
                href: x.map(|x| format!("../{}", record_path(x))),
                published: x.map(|x| x.common.published.iso()),
            }
        };
        let identifiers = self.links.identifiers.get(&w.slug);
        let legal_basis = r
            .common
            .legal_basis
            .iter()
            .map(|b| LinkTo {
                title: b.clone(),
                published: None,
                href: crate::identifier::key(b)
                    .and_then(|k| {
                        if let Some(reads) = reads {
                            reads.add(Dep::Identifier(w.slug.clone(), k.clone()));
                        }
                        identifiers.and_then(|m| m.get(&k))
                    })
                    .and_then(|id| find(id))
                    .map(|x| format!("../{}", record_path(x))),
            })
            .collect();
        let key = (w.slug.clone(), r.id.clone());
        let cited_by = self
            .links
            .cited_by
            .get(&key)
            .map(|ids| ids.iter().map(|id| link_to(id)).collect())
            .unwrap_or_default();
        let related = match &r.data {
            RecordData::Land(l) => l.dialogues.iter().map(|id| link_to(id)).collect(),
            _ => Vec::new(),
        };
        RecordLinks {
            legal_basis,
            cited_by,
            supersedes: r.common.supersedes.as_deref().map(link_to),
            superseded_by: self.links.superseded_by.get(&key).map(|id| link_to(id)),
            related,
        }
    }
}
