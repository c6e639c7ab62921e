//! `trift compat` against Apache's `thrift --audit` (Debian's 0.17.0): every
//! finding Apache printed for a pair (recorded in
//! `tests/data/compat/apache-audit/`, see its README) must map to a finding of
//! ours on the same pair. Two sets of pairs:
//!
//! - the audit inputs of Apache's own repository (`test/audit/` of the shared
//!   corpus, `../shared/idl-corpus`): skipped with a reason when the corpus
//!   is absent, a failure when `CI` is set;
//! - every case of `tests/data/compat/` (Apache's output recorded the same way).
//!
//! Where trift reports more than Apache, or Apache reports something trift
//! deliberately does not, the snapshots list it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use trift_idl::compat::{Contract, Finding, Level, Options, Report, Rule, compare};
use trift_idl::model::Model;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/compat")
}

/// The corpus lives in `../shared` next to the workspace (for worktrees one
/// level further up).
fn corpus_audit_dir() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        workspace.join("../shared/idl-corpus/apache/test/audit"),
        workspace.join("../../shared/idl-corpus/apache/test/audit"),
    ]
    .into_iter()
    .find(|p| p.join("test.thrift").is_file())
}

/// One `[Thrift Audit Warning|Failure:path] message` line.
#[derive(Debug)]
struct ApacheFinding {
    failure: bool,
    message: String,
}

fn apache_findings(expected: &Path) -> Vec<ApacheFinding> {
    let text = std::fs::read_to_string(expected).expect("read .expected");
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("[Thrift Audit ")?;
            let (kind, rest) = rest.split_once(':')?;
            let (_, message) = rest.split_once("] ")?;
            Some(ApacheFinding {
                failure: kind == "Failure",
                message: message.trim().to_owned(),
            })
        })
        .collect()
}

/// Our rules that may stand for an Apache message, and the message's
/// `Id = N in S` or name.
fn candidates(message: &str) -> Option<(&'static [Rule], String, Option<i32>)> {
    use Rule::*;
    let by_id: &[(&str, &[Rule])] = &[
        ("Default value changed", &[DefaultValueChanged]),
        ("Struct field name changed", &[FieldRenamed, FieldIdReused]),
        (
            "Struct Field Type Changed",
            &[
                FieldTypeChanged,
                FieldIdReused,
                UnionArmChanged,
                ArgumentChanged,
                ExceptionChanged,
                TypeChangedWireCompatible,
                TypeRenamed,
            ],
        ),
        (
            "Struct Field Requiredness Changed",
            &[FieldRequirednessChanged, ArgumentChanged],
        ),
        (
            "Struct Field removed",
            &[
                FieldRemoved,
                RequiredFieldRemoved,
                FieldIdChanged,
                UnionArmChanged,
                ArgumentChanged,
                ExceptionRemoved,
            ],
        ),
        (
            "Required Struct Field Added",
            &[RequiredFieldAdded, ArgumentChanged],
        ),
        (
            "Struct field is added in the middle",
            &[
                OptionalFieldAdded,
                FieldIdChanged,
                UnionArmChanged,
                ExceptionAdded,
            ],
        ),
    ];
    for (prefix, rules) in by_id {
        if let Some(rest) = message.strip_prefix(prefix) {
            let rest = rest.trim_start_matches(" for").trim_start_matches(" with");
            let rest = rest.trim().strip_prefix("Id = ")?;
            let (id, owner) = rest.split_once(" in ")?;
            return Some((rules, owner.trim().to_owned(), id.trim().parse().ok()));
        }
    }
    let by_name: &[(&str, &str, &[Rule])] = &[
        ("Constant ", " has different value", &[ConstValueChanged]),
        ("Constant ", " is of different type", &[ConstValueChanged]),
        ("Constants Missing ", "", &[ConstRemoved]),
        (
            "Struct ",
            " not found in new thrift file",
            // Apache's struct list leaves exceptions out.
            &[
                TypeRemoved,
                TypeRenamed,
                TypeKindChanged,
                TypeChangedWireCompatible,
            ],
        ),
        (
            "Enum ",
            " not found in new thrift file",
            &[TypeRemoved, TypeRenamed],
        ),
        (
            "Oneway attribute changed for function ",
            "",
            &[OnewayChanged],
        ),
        (
            "Return type changed for function ",
            "",
            &[ReturnTypeChanged, TypeChangedWireCompatible],
        ),
        (
            "New Thrift File has missing function ",
            "",
            &[MethodRemoved, MethodRenamed],
        ),
        (
            "New Thrift file is missing a service ",
            "",
            &[ServiceRemoved],
        ),
        (
            "Change in Service inheritance for ",
            "",
            &[ServiceExtendsChanged],
        ),
        (
            "Namespace ",
            " changed in new thrift file",
            &[NamespaceChanged],
        ),
        (
            "Language ",
            " not found in new thrift file",
            &[NamespaceChanged],
        ),
    ];
    for (prefix, suffix, rules) in by_name {
        if let Some(name) = message
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
        {
            return Some((rules, name.trim().to_owned(), None));
        }
    }
    // `Enum value N missing in E` / `Name of the value N changed in enum E`.
    if let Some(rest) = message.strip_prefix("Enum value ") {
        let (_, owner) = rest.split_once(" missing in ")?;
        return Some((
            &[EnumValueRemoved, EnumValueChanged],
            owner.to_owned(),
            None,
        ));
    }
    if let Some(rest) = message.strip_prefix("Name of the value ") {
        let (_, owner) = rest.split_once(" changed in enum ")?;
        return Some((&[EnumValueRenamed], owner.to_owned(), None));
    }
    None
}

/// The subjects our findings would use for field `id` of Apache's `owner`
/// (a struct, or `method_args` / `method_exception`), in either version.
fn field_subjects(models: [&Model; 2], owner: &str, id: i32) -> Vec<String> {
    let mut subjects = Vec::new();
    for model in models {
        for file in &model.files {
            for s in file.structs.iter().filter(|s| s.name == owner) {
                for f in s.fields.iter().filter(|f| f.id == id) {
                    subjects.push(format!("{}.{}", s.name, f.name));
                }
            }
            for service in &file.services {
                for function in &service.functions {
                    let list = if owner == format!("{}_args", function.name) {
                        &function.args
                    } else if owner == format!("{}_exception", function.name) {
                        &function.throws
                    } else {
                        continue;
                    };
                    for f in list.iter().filter(|f| f.id == id) {
                        subjects.push(format!("{}.{}.{}", service.name, function.name, f.name));
                    }
                }
            }
        }
    }
    subjects
}

fn matches(finding: &Finding, models: [&Model; 2], owner: &str, id: Option<i32>) -> bool {
    let subject = finding.subject.as_str();
    match id {
        // A renamed type is what Apache calls a changed field type.
        Some(_) if finding.rule == Rule::TypeRenamed => true,
        Some(id) => field_subjects(models, owner, id)
            .iter()
            .any(|s| s == subject),
        None => {
            subject == owner
                || subject.starts_with(&format!("{owner}."))
                || subject.ends_with(&format!(".{owner}"))
                || (finding.rule == Rule::NamespaceChanged)
        }
    }
}

/// Maps Apache's findings to ours; returns the table and what stayed unmapped.
fn map_findings(
    pair: &str,
    apache: &[ApacheFinding],
    report: &Report,
    models: [&Model; 2],
) -> (String, Vec<String>) {
    let mut table = String::new();
    let mut unmapped = Vec::new();
    let mut used = vec![false; report.findings.len()];
    for finding in apache {
        let kind = if finding.failure {
            "failure"
        } else {
            "warning"
        };
        let found = candidates(&finding.message).and_then(|(rules, owner, id)| {
            report
                .findings
                .iter()
                .enumerate()
                .find(|(_, f)| rules.contains(&f.rule) && matches(f, models, &owner, id))
        });
        match found {
            Some((i, ours)) => {
                used[i] = true;
                let _ = writeln!(
                    table,
                    "{pair}: apache {kind} \"{}\" => trift {} ({}) {}",
                    finding.message,
                    ours.rule,
                    ours.level(),
                    ours.subject
                );
            }
            None => {
                let _ = writeln!(
                    table,
                    "{pair}: apache {kind} \"{}\" => UNMAPPED",
                    finding.message
                );
                unmapped.push(format!("{pair}: {}", finding.message));
            }
        }
    }
    for (finding, _) in report.findings.iter().zip(&used).filter(|(_, u)| !**u) {
        let _ = writeln!(
            table,
            "{pair}: trift only: {} ({}) {}",
            finding.rule,
            finding.level(),
            finding.subject
        );
    }
    (table, unmapped)
}

fn load(path: &Path) -> Contract {
    Contract::load(path, &[])
        .unwrap_or_else(|c| panic!("{} does not check: {:?}", path.display(), c.diagnostics))
}

#[test]
fn apache_corpus_audit_findings_are_all_found() {
    let Some(corpus) = corpus_audit_dir() else {
        trift_test_skip::skip("the shared IDL corpus (../shared/idl-corpus) is missing");
        return;
    };
    let mut table = String::new();
    let mut unmapped = Vec::new();
    let mut n_apache = 0;
    for pair in ["test-to-warning", "warning-to-test"] {
        let (old, new) = pair.split_once("-to-").expect("pair name");
        let apache = apache_findings(&data_dir().join(format!("apache-audit/{pair}.expected")));
        n_apache += apache.len();
        let old = load(&corpus.join(format!("{old}.thrift")));
        let new = load(&corpus.join(format!("{new}.thrift")));
        let report = compare(&old, &new, &Options::default());
        let (t, u) = map_findings(pair, &apache, &report, [&old.model, &new.model]);
        table.push_str(&t);
        unmapped.extend(u);
    }
    assert_eq!(
        n_apache, 24,
        "the recorded files hold 12 findings per direction"
    );
    assert!(
        unmapped.is_empty(),
        "Apache findings trift misses:\n{unmapped:#?}\n{table}"
    );
    insta::assert_snapshot!(table);
}

/// Apache findings trift disagrees with on purpose, with the reason.
const DISAGREEMENTS: &[(&str, &str, &str)] = &[(
    "x-typedef-resolution",
    "Struct Field Type Changed for Id = 2 in Item",
    "Apache compares typedef names: `Name` and `Label` are both `string`, nothing changed on the wire",
)];

#[test]
fn apache_audit_of_every_rule_case_is_covered() {
    let dir = data_dir().join("apache-audit/rules");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("apache-audit/rules")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "expected"))
        .collect();
    cases.sort();
    assert!(cases.len() >= Rule::ALL.len(), "one recording per case");
    let mut table = String::new();
    let mut unmapped = Vec::new();
    for expected in cases {
        let case = expected
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let old = load(&data_dir().join(&case).join("old.thrift"));
        let new = load(&data_dir().join(&case).join("new.thrift"));
        let report = compare(&old, &new, &Options::default());
        let apache = apache_findings(&expected);
        let (t, u) = map_findings(&case, &apache, &report, [&old.model, &new.model]);
        table.push_str(&t);
        unmapped.extend(u.into_iter().filter(|u| {
            !DISAGREEMENTS
                .iter()
                .any(|(c, m, _)| *u == format!("{c}: {m}"))
        }));
    }
    for (case, message, reason) in DISAGREEMENTS {
        let _ = writeln!(table, "disagreement {case}: \"{message}\": {reason}");
    }
    assert!(
        unmapped.is_empty(),
        "Apache findings trift misses:\n{unmapped:#?}\n{table}"
    );
    insta::assert_snapshot!(table);
}

/// Every file of the corpus that checks, compared with itself, has no finding
/// (a guard against spurious reports on real-world IDL: includes, typedef
/// chains, services extending across files); every pair of them compares and
/// renders without panicking.
#[test]
fn every_corpus_file_is_compatible_with_itself_and_any_pair_compares() {
    let Some(audit) = corpus_audit_dir() else {
        trift_test_skip::skip("the shared IDL corpus (../shared/idl-corpus) is missing");
        return;
    };
    let corpus = audit.join("../..");
    let verdicts =
        std::fs::read_to_string(corpus.join("EXPECTED-head-0.25.0.tsv")).expect("verdicts");
    let mut compared = 0;
    let mut contracts = Vec::new();
    for line in verdicts.lines() {
        let mut columns = line.split('\t');
        let (Some(file), Some("accept")) = (columns.next(), columns.next()) else {
            continue;
        };
        let path = corpus.join(file);
        let include_dir = path.parent().expect("has a directory").to_path_buf();
        let Ok(contract) = Contract::load(&path, &[include_dir]) else {
            continue;
        };
        let report = compare(&contract, &contract, &Options::default());
        contracts.push(contract);
        let found: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.rule, &f.subject))
            .collect();
        assert!(found.is_empty(), "{file}: {found:?}");
        compared += 1;
    }
    assert!(compared >= 50, "only {compared} corpus files compared");
    // Unrelated files as old and new: many findings, never a panic, and
    // every finding renders with both locations.
    for old in &contracts {
        for new in &contracts {
            let report = compare(old, new, &Options::default());
            let text = trift_idl::compat::render::render_text(&report);
            assert!(text.ends_with(&format!("compat: {}\n", report.summary())));
            let json = trift_idl::compat::render::render_json(&report, Level::Wire);
            assert_eq!(json["fails"], report.fails(Level::Wire));
        }
    }
}
