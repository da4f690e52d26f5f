//! The national list of commune-level units (Công văn 1027/CTK-CSCL, 2025),
//! shipped inside the binary so `check` can verify a ward's code and name.

/// One commune-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// 5-digit code.
    pub code: &'static str,
    /// Official name.
    pub name: &'static str,
    /// Province.
    pub province: &'static str,
}

const LIST: &str = include_str!("../data/commune-units-2025.csv");

/// Looks a unit up by its 5-digit code (in an index of the list made on the
/// first call: a repository of 2,000 wards asks 2,000 times).
pub fn lookup(code: &str) -> Option<Unit> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, Unit>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut index = std::collections::HashMap::new();
            for line in LIST.lines().skip(1) {
                let mut cols = line.splitn(3, ',');
                if let (Some(code), Some(name), Some(province)) =
                    (cols.next(), cols.next(), cols.next())
                {
                    index.entry(code).or_insert(Unit {
                        code,
                        name,
                        province: province.trim_end(),
                    });
                }
            }
            index
        })
        .get(code)
        .copied()
}

/// Number of units in the list.
pub fn count() -> usize {
    LIST.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hcmc_wards() {
        let u = lookup("27154").unwrap();
        assert_eq!(u.name, "Phường Bàn Cờ");
        assert_eq!(u.province, "Thành phố Hồ Chí Minh");
        assert_eq!(lookup("27139").unwrap().name, "Phường Xuân Hòa");
        assert!(lookup("99999").is_none());
        assert_eq!(count(), 3321);
    }

    #[test]
    fn the_index_holds_every_unit_of_the_list() {
        for line in LIST.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let code = line.split(',').next().unwrap_or("");
            let unit = lookup(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(unit.code, code);
            assert!(line.starts_with(&format!("{},{},", unit.code, unit.name)));
        }
    }
}
