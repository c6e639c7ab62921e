//! Findings, the report that collects them, and accepted breaks.
//!
//! A [`Finding`] is plain data: a rule, what changed, what breaks for whom,
//! and where (a span in the old contract, one in the new, or both). Spans of
//! both sides live in the report's merged [`SourceMap`]; rendering is the job
//! of [`super::render`].

use std::fmt;
use std::str::FromStr;

use super::rules::{Level, Rule};
use crate::source::SourceMap;
use crate::span::Span;

/// One change between the old and the new contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule it falls under.
    pub rule: Rule,
    /// What it names, for `--allow rule@subject`: `Type.field`, `Service.method`,
    /// `Service.method.arg`, `Enum.VALUE`, `Type`, `Service` or a namespace scope.
    pub subject: String,
    /// What changed, as one sentence.
    pub message: String,
    /// What breaks, and for whom, as one sentence.
    pub impact: String,
    /// Where it was in the old contract.
    pub old: Option<Span>,
    /// Where it is in the new contract.
    pub new: Option<Span>,
    /// Service methods whose messages carry the changed type, with the path
    /// that reaches it (e.g. "`Calc.calculate` (argument `w` → `Work.op`)").
    pub reached_by: Vec<String>,
    /// Why the break is accepted, when it is (`--allow ...` or an annotation).
    pub allowed: Option<String>,
}

impl Finding {
    /// The rule's severity.
    pub fn level(&self) -> Level {
        self.rule.level()
    }
}

/// An accepted break: `rule` or `rule@Subject` (as in `--allow`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    /// The rule accepted.
    pub rule: Rule,
    /// Only for this subject, or anything under it (`Type` covers `Type.field`).
    pub subject: Option<String>,
}

impl Allow {
    /// Whether this acceptance covers `finding`.
    pub fn covers(&self, finding: &Finding) -> bool {
        self.rule == finding.rule
            && self.subject.as_ref().is_none_or(|subject| {
                finding.subject == *subject
                    || finding
                        .subject
                        .strip_prefix(subject.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
    }
}

impl FromStr for Allow {
    type Err = String;

    fn from_str(s: &str) -> Result<Allow, String> {
        let (rule, subject) = match s.split_once('@') {
            Some((rule, subject)) if !subject.is_empty() => (rule, Some(subject.to_owned())),
            Some(_) => return Err(format!("`{s}`: expected `rule@Subject`")),
            None => (s, None),
        };
        Ok(Allow {
            rule: rule.parse()?,
            subject,
        })
    }
}

impl fmt::Display for Allow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subject {
            Some(subject) => write!(f, "{}@{subject}", self.rule),
            None => write!(f, "{}", self.rule),
        }
    }
}

/// Everything `compare` found, with the sources to show it.
#[derive(Debug, Clone)]
pub struct Report {
    /// Findings, most severe first, then by location.
    pub findings: Vec<Finding>,
    /// The files of both contracts: the old ones first, then the new ones.
    pub sources: SourceMap,
}

impl Report {
    /// Findings at `level` that are not accepted.
    pub fn count(&self, level: Level) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level() == level && f.allowed.is_none())
            .count()
    }

    /// Accepted findings.
    pub fn allowed(&self) -> usize {
        self.findings.iter().filter(|f| f.allowed.is_some()).count()
    }

    /// Whether some finding that is not accepted is at least as bad as `fail_on`.
    pub fn fails(&self, fail_on: Level) -> bool {
        self.findings
            .iter()
            .any(|f| f.allowed.is_none() && f.level() >= fail_on)
    }

    /// `2 wire-breaking, 1 source-breaking, 3 safe (1 allowed)`.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} wire-breaking, {} source-breaking, {} safe",
            self.count(Level::Wire),
            self.count(Level::Source),
            self.count(Level::Safe)
        );
        let allowed = self.allowed();
        if allowed > 0 {
            text.push_str(&format!(" ({allowed} allowed)"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: Rule, subject: &str) -> Finding {
        Finding {
            rule,
            subject: subject.to_owned(),
            message: String::new(),
            impact: String::new(),
            old: None,
            new: None,
            reached_by: Vec::new(),
            allowed: None,
        }
    }

    #[test]
    fn allow_matches_rule_and_subject_prefix_by_component() {
        let f = finding(Rule::FieldTypeChanged, "Work.num1");
        let allow = |s: &str| s.parse::<Allow>().unwrap().covers(&f);
        assert!(allow("field-type-changed"));
        assert!(allow("field-type-changed@Work.num1"));
        assert!(allow("field-type-changed@Work"));
        assert!(!allow("field-type-changed@Wor"));
        assert!(!allow("field-type-changed@Work.num2"));
        assert!(!allow("field-renamed@Work.num1"));
        assert!("field-type-changed@".parse::<Allow>().is_err());
        assert!("nope".parse::<Allow>().is_err());
        assert_eq!(
            "field-type-changed@Work"
                .parse::<Allow>()
                .unwrap()
                .to_string(),
            "field-type-changed@Work"
        );
    }

    #[test]
    fn fails_only_on_unaccepted_findings_at_the_chosen_level() {
        let mut report = Report {
            findings: vec![finding(Rule::FieldRenamed, "A.b")],
            sources: SourceMap::new(),
        };
        assert!(!report.fails(Level::Wire));
        assert!(report.fails(Level::Source));
        report.findings[0].allowed = Some("--allow field-renamed".to_owned());
        assert!(!report.fails(Level::Source));
        assert_eq!(
            report.summary(),
            "0 wire-breaking, 0 source-breaking, 0 safe (1 allowed)"
        );
    }
}
