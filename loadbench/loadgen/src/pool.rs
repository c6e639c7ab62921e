//! `loadgen pool`: several runs of the benchmark read together. Every round
//! of every run is one sample of a cell; the table gives each server's mean
//! and standard deviation, trift's ratios of means, whether trift's lead or
//! lag over the best peer is larger than the noise, and in how many runs the
//! cell met the target (trift at or above the best peer and at least 80 % of
//! the ceiling, each server's best round counting, as in `loadgen report`).
//! With `--baseline NAME` trift is compared with that server instead of the
//! peers: a build of trift from an earlier commit, run as `trift-base`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::report::{CEILING_SHARE, Key, PEERS, load_label, table_order, target_met};

/// A difference of at least this many standard errors is called a lead or
/// a lag; below it, a tie.
const CLEAR: f64 = 2.0;

/// Calls/s samples by cell, then by server.
type Samples = BTreeMap<Key, BTreeMap<String, Vec<f64>>>;

/// Parses `--in FILE` (repeated), `--title TEXT` and `--baseline NAME`,
/// prints the table.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut inputs = Vec::new();
    let mut title = String::from("RPC load benchmark, runs pooled");
    let mut baseline: Option<String> = None;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--in" => inputs.push(value.clone()),
            "--title" => title = value.clone(),
            "--baseline" => baseline = Some(value.clone()),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if inputs.is_empty() {
        return Err("at least one --in FILE is required".into());
    }
    let mut runs = Vec::new();
    for input in &inputs {
        let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
        runs.push(parse(&text).map_err(|e| format!("{input}: {e}"))?);
    }
    let against = match &baseline {
        Some(name) => Against::Baseline(name),
        None => Against::Peers,
    };
    print!("{}", render(&runs, &title, against));
    Ok(())
}

/// The calls/s of every measured round in one run's TSV.
fn parse(text: &str) -> Result<Samples, String> {
    let mut samples = Samples::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        match f.first() {
            Some(&"cell") if f.len() >= 15 => {
                let number = |i: usize| {
                    f[i].parse::<f64>()
                        .map_err(|_| format!("unreadable number {:?} in: {line}", f[i]))
                };
                let key: Key = (
                    f[2].into(),
                    f[3].into(),
                    number(4)? as usize,
                    number(5)? as usize,
                );
                samples
                    .entry(key)
                    .or_default()
                    .entry(f[1].into())
                    .or_default()
                    .push(number(7)?);
            }
            Some(&"idle") => {}
            _ => return Err(format!("unreadable row: {line}")),
        }
    }
    Ok(samples)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// Sample standard deviation (0 for fewer than two samples).
fn std_dev(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let m = mean(values);
    let squares: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    (squares / (values.len() - 1) as f64).sqrt()
}

fn best(values: &[f64]) -> f64 {
    values.iter().copied().fold(0.0, f64::max)
}

/// Whether one run met the target in `cell` (best round of each server).
fn met(cell: &BTreeMap<String, Vec<f64>>) -> Option<bool> {
    let trift = best(cell.get("trift")?);
    let ceiling = best(cell.get("raw-ceiling")?);
    let peer = PEERS
        .iter()
        .filter_map(|p| cell.get(*p))
        .map(|v| best(v))
        .fold(0.0, f64::max);
    Some(target_met(trift, peer, ceiling))
}

/// What trift is compared with.
#[derive(Clone, Copy)]
enum Against<'a> {
    /// The better of Apache's and volo's servers, cell by cell.
    Peers,
    /// One named server, e.g. trift built from an earlier commit.
    Baseline(&'a str),
}

impl<'a> Against<'a> {
    fn servers(self) -> Vec<&'a str> {
        match self {
            Against::Peers => PEERS.to_vec(),
            Against::Baseline(name) => vec![name],
        }
    }

    fn label(self) -> &'static str {
        match self {
            Against::Peers => "best peer",
            Against::Baseline(_) => "baseline",
        }
    }
}

fn kilo(value: f64) -> String {
    format!("{:.1}k", value / 1000.0)
}

fn render(runs: &[Samples], title: &str, against: Against<'_>) -> String {
    let label = against.label();
    let compared = against.servers();
    let mut pooled = Samples::new();
    for run in runs {
        for (key, servers) in run {
            for (server, values) in servers {
                pooled
                    .entry(key.clone())
                    .or_default()
                    .entry(server.clone())
                    .or_default()
                    .extend(values);
            }
        }
    }
    let mut order: Vec<&Key> = pooled.keys().collect();
    order.sort_by_key(|key| table_order(key));
    let mut md = String::new();
    let _ = writeln!(md, "## {title}\n");
    let _ = writeln!(
        md,
        "{} runs; every round of every run is one sample. Difference: trift's mean minus the \
         {label}'s in standard errors of that difference; at least {CLEAR} either way is a lead or \
         a lag, less is a tie.\n",
        runs.len()
    );
    let _ = writeln!(
        md,
        "| scenario | client | load | trift calls/s | {label} calls/s | ceiling calls/s | trift / {label} | trift / ceiling | difference | runs meeting the target |"
    );
    let _ = writeln!(md, "|---|---|---|---:|---:|---:|---:|---:|---|---:|");
    let (mut ties, mut leads, mut lags, mut below_ceiling) = (0, 0, 0, 0);
    for key in order {
        let cell = &pooled[key];
        let (Some(trift), Some(ceiling)) = (cell.get("trift"), cell.get("raw-ceiling")) else {
            continue;
        };
        let Some((peer, peer_values)) = compared
            .iter()
            .filter_map(|p| cell.get(*p).map(|v| (*p, v)))
            .max_by(|a, b| mean(a.1).total_cmp(&mean(b.1)))
        else {
            continue;
        };
        let error = (std_dev(trift).powi(2) / trift.len() as f64
            + std_dev(peer_values).powi(2) / peer_values.len() as f64)
            .sqrt();
        let gap = mean(trift) - mean(peer_values);
        let z = if error > 0.0 { gap / error } else { 0.0 };
        let verdict = if z >= CLEAR {
            leads += 1;
            "lead"
        } else if z <= -CLEAR {
            lags += 1;
            "lag"
        } else {
            ties += 1;
            "tie"
        };
        let of_ceiling = mean(trift) / mean(ceiling);
        if of_ceiling < CEILING_SHARE {
            below_ceiling += 1;
        }
        let met_runs = runs
            .iter()
            .filter(|run| run.get(key).and_then(met) == Some(true))
            .count();
        let load = load_label(key.2, key.3);
        let _ = writeln!(
            md,
            "| {} | {} | {load} | {} ± {} (n={}) | {} {} ± {} | {} | {:.2} | {:.2} | {verdict} ({z:+.1}) | {met_runs} of {} |",
            key.0,
            key.1,
            kilo(mean(trift)),
            kilo(std_dev(trift)),
            trift.len(),
            peer,
            kilo(mean(peer_values)),
            kilo(std_dev(peer_values)),
            kilo(mean(ceiling)),
            mean(trift) / mean(peer_values),
            of_ceiling,
            runs.len()
        );
    }
    let _ = writeln!(
        md,
        "\nAgainst the {label}: {leads} leads, {ties} ties, {lags} lags. Below {:.0} % of the \
         ceiling on means: {below_ceiling} cells.",
        CEILING_SHARE * 100.0
    );
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(server: &str, calls: f64) -> String {
        format!("cell\t{server}\tsmall\tasync\t16\t1\t0\t{calls}\t1\t1\t1\t0\t1\t1\t16\n")
    }

    /// One run of the small/async/16 cell with these rounds.
    fn run(rounds: &[(&str, f64)]) -> Samples {
        let text: String = rounds
            .iter()
            .map(|(server, calls)| row(server, *calls))
            .collect();
        parse(&text).unwrap()
    }

    #[test]
    fn a_clear_lead_a_tie_and_the_target_per_run_are_told_apart() {
        // trift 110/112 vs apache 100/101: a lead; ceiling 120.
        let lead = run(&[
            ("trift", 110.0),
            ("trift", 112.0),
            ("apache-thrift", 100.0),
            ("apache-thrift", 101.0),
            ("raw-ceiling", 120.0),
            ("raw-ceiling", 121.0),
        ]);
        let table = render(&[lead], "t", Against::Peers);
        assert!(table.contains("| lead ("), "{table}");
        assert!(table.contains("| 1 of 1 |"), "{table}");

        // trift 95/105 vs apache 100/100: the means tie, and trift's best
        // round (105) beats apache's best (100), so the run meets the target.
        let tie = run(&[
            ("trift", 95.0),
            ("trift", 105.0),
            ("apache-thrift", 100.0),
            ("apache-thrift", 100.0),
            ("raw-ceiling", 120.0),
        ]);
        let table = render(&[tie], "t", Against::Peers);
        assert!(table.contains("| tie ("), "{table}");
        assert!(table.contains("| 1 of 1 |"), "{table}");
    }

    #[test]
    fn a_baseline_replaces_the_peers() {
        // trift 100/101 against its earlier build 110/112: a lag, although
        // trift leads apache, which the baseline comparison ignores.
        let rounds = run(&[
            ("trift", 100.0),
            ("trift", 101.0),
            ("trift-base", 110.0),
            ("trift-base", 112.0),
            ("apache-thrift", 50.0),
            ("raw-ceiling", 120.0),
        ]);
        let table = render(&[rounds], "t", Against::Baseline("trift-base"));
        assert!(table.contains("| trift-base 0.1k"), "{table}");
        assert!(table.contains("| lag ("), "{table}");
        assert!(
            table.contains("Against the baseline: 0 leads, 0 ties, 1 lags"),
            "{table}"
        );
    }

    #[test]
    fn a_run_below_the_ceiling_share_misses_the_target() {
        let below = run(&[
            ("trift", 70.0),
            ("apache-thrift", 60.0),
            ("raw-ceiling", 100.0),
        ]);
        let table = render(&[below], "t", Against::Peers);
        assert!(table.contains("| 0 of 1 |"), "{table}");
        assert!(
            table.contains("Below 80 % of the ceiling on means: 1 cells."),
            "{table}"
        );
    }

    #[test]
    fn unreadable_rows_are_errors() {
        assert!(parse("cell\ttrift\tsmall\n").is_err());
        assert!(parse(&row("trift", 1.0).replace("\t16\t1\t", "\tx\t1\t")).is_err());
    }
}
