//! Shows a [`Report`]: as diagnostics in the style of `trift check`
//! (codespan-reporting, both locations with their source lines), or as JSON
//! for tools (with the `json` feature, on by default).

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, Config};
#[cfg(feature = "json")]
use serde_json::{Value, json};

use super::finding::{Finding, Report};
use super::rules::Level;
use crate::span::FileId;

/// How many methods a finding lists before it says "and N more".
const MAX_REACHED: usize = 3;

fn to_codespan(finding: &Finding) -> cs::Diagnostic<FileId> {
    let severity = match (finding.allowed.is_some(), finding.level()) {
        (true, _) | (false, Level::Safe) => cs::Severity::Note,
        (false, Level::Source) => cs::Severity::Warning,
        (false, Level::Wire) => cs::Severity::Error,
    };
    let mut labels = Vec::new();
    let primary_is_new = finding.new.is_some();
    // An empty span stands for a whole file that lacks the definition.
    let text = |span: crate::span::Span, side: &str| {
        if span.start == span.end {
            format!("not in the {side} contract")
        } else {
            side.to_owned()
        }
    };
    if let Some(span) = finding.new {
        labels.push(cs::Label::primary(span.file, span.range()).with_message(text(span, "new")));
    }
    if let Some(span) = finding.old {
        let label = if primary_is_new {
            cs::Label::secondary(span.file, span.range())
        } else {
            cs::Label::primary(span.file, span.range())
        };
        labels.push(label.with_message(text(span, "old")));
    }
    let mut notes = vec![finding.impact.clone()];
    let shown = finding.reached_by.iter().take(MAX_REACHED);
    notes.extend(shown.map(|r| format!("reached from {r}")));
    if finding.reached_by.len() > MAX_REACHED {
        notes.push(format!(
            "and from {} more methods",
            finding.reached_by.len() - MAX_REACHED
        ));
    }
    if let Some(why) = &finding.allowed {
        notes.push(format!("allowed: {why}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(finding.rule.id())
        .with_message(format!("{}: {}", finding.level(), finding.message))
        .with_labels(labels)
        .with_notes(notes)
}

/// Every finding as a diagnostic without colours, then the summary line.
pub fn render_text(report: &Report) -> String {
    let config = Config::default();
    let mut out = String::new();
    for finding in &report.findings {
        match term::emit_into_string(&config, &report.sources, &to_codespan(finding)) {
            Ok(text) => out.push_str(&text),
            Err(_) => out.push_str(&format!("{}: {}\n", finding.rule, finding.message)),
        }
        out.push('\n');
    }
    out.push_str(&format!("compat: {}\n", report.summary()));
    out
}

/// The report as JSON: `findings` (rule, level, subject, message, impact,
/// `old`/`new` as `file:line:col` or null, reached_by, allowed), `summary`
/// counts and whether it `fails` at `fail_on`. Needs the `json` feature.
#[cfg(feature = "json")]
pub fn render_json(report: &Report, fail_on: Level) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "level": f.level(),
                "subject": f.subject,
                "message": f.message,
                "impact": f.impact,
                "old": f.old.map(|s| report.sources.location(s)),
                "new": f.new.map(|s| report.sources.location(s)),
                "reached_by": f.reached_by,
                "allowed": f.allowed,
            })
        })
        .collect();
    json!({
        "findings": findings,
        "summary": {
            "wire": report.count(Level::Wire),
            "source": report.count(Level::Source),
            "safe": report.count(Level::Safe),
            "allowed": report.allowed(),
        },
        "fail_on": fail_on,
        "fails": report.fails(fail_on),
    })
}
