//! `trift compat` rules, one case per directory of `tests/data/compat/`:
//! `<rule-id>/{old,new}.thrift` must raise that rule (and, for a safe rule,
//! nothing worse); `x-<scenario>/` directories cover typedefs, includes,
//! recursion and acceptance. Every report is snapshot-tested as rendered text
//! without colours, with paths relative to `tests/data/compat`.

use std::path::{Path, PathBuf};

use trift_idl::compat::{Allow, Contract, Level, Options, Report, Rule, compare, render};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/compat")
}

fn report(case: &str, options: &Options) -> Report {
    let dir = data_dir().join(case);
    let load = |name: &str| {
        Contract::load(&dir.join(name), &[])
            .unwrap_or_else(|c| panic!("{case}/{name} does not check: {:?}", c.diagnostics))
    };
    let mut report = compare(&load("old.thrift"), &load("new.thrift"), options);
    let base = data_dir();
    report
        .sources
        .rename(|p| p.strip_prefix(&base).unwrap_or(p).display().to_string());
    report
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(data_dir())
        .expect("tests/data/compat")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().join("old.thrift").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_rule_has_a_case_that_raises_it() {
    let cases = cases();
    for rule in Rule::ALL {
        assert!(
            cases.iter().any(|c| c == rule.id()),
            "no tests/data/compat/{}/ case",
            rule.id()
        );
    }
    for case in &cases {
        let report = report(case, &Options::default());
        let rendered = render::render_text(&report);
        insta::assert_snapshot!(case.as_str(), rendered);
        let Ok(rule) = case.parse::<Rule>() else {
            assert!(
                case.starts_with("x-"),
                "{case}: neither a rule id nor x-<scenario>"
            );
            continue;
        };
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "{case} does not raise its rule:\n{rendered}"
        );
        let worst = report.findings.iter().map(|f| f.level()).max();
        assert_eq!(worst, Some(rule.level()), "{case}:\n{rendered}");
        // Both locations are named, as `file:line:col`.
        for finding in &report.findings {
            assert!(
                finding.old.is_some() && finding.new.is_some(),
                "{case}: {finding:?}"
            );
        }
        assert_eq!(
            report.fails(Level::Wire),
            rule.level() == Level::Wire,
            "{case}"
        );
    }
}

#[test]
fn scenarios_report_what_they_should() {
    let rules = |case: &str| -> Vec<(Rule, bool)> {
        report(case, &Options::default())
            .findings
            .iter()
            .map(|f| (f.rule, f.allowed.is_some()))
            .collect()
    };
    assert_eq!(rules("x-no-change"), []);
    assert_eq!(
        rules("x-allow-annotation"),
        [(Rule::FieldTypeChanged, true), (Rule::FieldRenamed, true)]
    );
    assert_eq!(rules("x-recursive"), [(Rule::FieldTypeChanged, false)]);
    assert_eq!(
        rules("x-string-to-binary"),
        [(Rule::FieldTypeChanged, false)]
    );
    assert_eq!(
        rules("x-struct-to-exception"),
        [(Rule::TypeChangedWireCompatible, false)]
    );
    // A typedef's new target is a type change wherever it is used.
    let typedefs = report("x-typedef-resolution", &Options::default());
    let subjects: Vec<_> = typedefs
        .findings
        .iter()
        .map(|f| (f.rule, f.subject.as_str()))
        .collect();
    assert_eq!(
        subjects,
        [
            (Rule::FieldTypeChanged, "Item.id"),
            (Rule::FieldTypeChanged, "Item.related"),
            (Rule::ArgumentChanged, "Catalog.get.id"),
            (Rule::TypeRemoved, "Name"),
            (Rule::TypeAdded, "Label"),
        ]
    );
    // A change in an included file names the method that reaches it.
    let include = report("x-include-reach", &Options::default());
    assert_eq!(include.findings.len(), 1);
    assert_eq!(include.findings[0].subject, "Money.amount");
    assert_eq!(
        include.findings[0].reached_by,
        ["`Shop.place` (the result → `Order.total`)"]
    );
}

#[test]
fn allow_flag_accepts_a_break_for_a_subject_only() {
    let allow = |spec: &str| Options {
        allow: vec![spec.parse::<Allow>().expect("allow spec")],
    };
    let report_for = |spec: &str| report("field-type-changed", &allow(spec));
    assert!(!report_for("field-type-changed@Order.quantity").fails(Level::Wire));
    assert!(!report_for("field-type-changed@Order").fails(Level::Wire));
    assert!(!report_for("field-type-changed").fails(Level::Wire));
    assert!(report_for("field-type-changed@Order.id").fails(Level::Wire));
    assert!(report_for("field-renamed").fails(Level::Wire));
    let accepted = report_for("field-type-changed@Order");
    assert_eq!(
        accepted.findings[0].allowed.as_deref(),
        Some("accepted by `--allow field-type-changed@Order`")
    );
}

#[test]
fn json_report_names_rules_levels_and_locations() {
    let report = report("field-type-changed", &Options::default());
    let json = render::render_json(&report, Level::Wire);
    assert_eq!(json["fails"], true);
    assert_eq!(json["summary"]["wire"], 1);
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "field-type-changed");
    assert_eq!(finding["level"], "wire");
    assert_eq!(finding["subject"], "Order.quantity");
    assert_eq!(finding["old"], "field-type-changed/old.thrift:3:3");
    assert_eq!(finding["new"], "field-type-changed/new.thrift:3:3");
    assert_eq!(finding["reached_by"][0], "`Shop.place` (argument `order`)");
}

#[test]
fn directories_are_compared_file_by_file() {
    // Both sides of `x-include-reach` hold a `shared.thrift` in a directory.
    let dir = data_dir().join("x-include-reach");
    let old = Contract::load(&dir.join("old"), &[]).expect("old dir checks");
    let new = Contract::load(&dir.join("new"), &[]).expect("new dir checks");
    let report = compare(&old, &new, &Options::default());
    let rules: Vec<_> = report.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [Rule::FieldTypeChanged]);
    assert!(Contract::load(&dir.join("missing"), &[]).is_err());
}
