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

/// Looks a unit up by its 5-digit code.
pub fn lookup(code: &str) -> Option<Unit> {
    LIST.lines().skip(1).find_map(|line| {
        let mut cols = line.splitn(3, ',');
        let c = cols.next()?;
        if c != code {
            return None;
        }
        Some(Unit {
            code: c,
            name: cols.next()?,
            province: cols.next()?.trim_end(),
        })
    })
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
}
