//! What a ward's pages share: its profile and counts, handed to templates as
//! one `ward` object that notes, when a page reads the counts, that the page
//! depends on every record of the ward.

use super::{ser, Dep, Reads, WardInfo};
use crate::model::Ward;
use minijinja::value::Object;
use minijinja::Value;
use std::sync::Arc;

/// The ward as templates see it: its profile, shared by its pages, and its
/// counts, which make a page read every record of the ward.
#[derive(Debug)]
pub(super) struct WardObject {
    slug: Arc<str>,
    profile: Value,
    counts: [(&'static str, usize); 3],
    reads: Option<Reads>,
}

impl Object for WardObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        if let Some((_, n)) = self.counts.iter().find(|(k, _)| *k == key) {
            if let Some(reads) = &self.reads {
                reads.add(Dep::Ward(self.slug.to_string()));
            }
            return Some(Value::from(*n));
        }
        if key == "slug" {
            return Some(Value::from(&*self.slug));
        }
        self.profile
            .get_attr(key)
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        if let Some(reads) = &self.reads {
            reads.add(Dep::Ward(self.slug.to_string()));
        }
        let mut keys: Vec<Value> = vec![Value::from("slug")];
        if let Ok(it) = self.profile.try_iter() {
            keys.extend(it);
        }
        keys.extend(self.counts.iter().map(|(k, _)| Value::from(*k)));
        minijinja::value::Enumerator::Values(keys)
    }
}

/// What a ward's pages share: its slug, profile and counts.
pub(super) struct WardShared {
    pub(super) slug: Arc<str>,
    profile: Value,
    counts: [(&'static str, usize); 3],
}

impl WardShared {
    pub(super) fn new(w: &Ward, info: &WardInfo) -> WardShared {
        WardShared {
            slug: Arc::from(w.slug.as_str()),
            profile: ser(&w.profile),
            counts: [
                ("records", info.records),
                ("posted", info.posted),
                ("overdue", info.overdue),
            ],
        }
    }

    /// The ward's template value for one page.
    pub(super) fn value(&self, reads: Option<&Reads>) -> Value {
        Value::from_object(WardObject {
            slug: Arc::clone(&self.slug),
            profile: self.profile.clone(),
            counts: self.counts,
            reads: reads.cloned(),
        })
    }
}
