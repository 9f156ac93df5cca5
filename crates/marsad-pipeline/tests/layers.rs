//! Every stage's declaration (layers read, used, written) against what the
//! stage really does, on the example articles and a few sentences written
//! for this test:
//!
//! * every set of stages the registry can plan is run in every order its
//!   declarations allow, and all orders give the same document;
//! * a stage changes only the layers it declares it writes;
//! * a stage's output depends only on the layers it declares it reads or
//!   uses: wherever the same declared layers are present, it writes the
//!   same thing, whatever else the document carries;
//! * each declared read layer is really needed (without it the stage,
//!   forced to run, writes something else), and each used layer changes
//!   the output of at least one document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use marsad_core::{AnyStage, Document, Layer, LayerSet, Meta, Source, StageSpec};
use marsad_pipeline::{check_order, Pipeline, Registry};

/// The example articles, plus sentences that exercise each declared use.
fn corpus() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let mut docs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/articles")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for p in paths {
        for d in marsad_readers::read_path(&p, &Default::default()).expect("example reads") {
            docs.push(d.expect("example document"));
        }
    }
    for text in [
        // A bare ريال takes the currency of the country of the places.
        "وزعت البلدية في جدة 500 ريال على كل أسرة متضررة من السيول.",
        // Names inside an organisation's name are not places.
        "أعلنت هيئة تحرير الشام سيطرتها على قرية في ريف إدلب، وقال مصطفى العلي إن الوفد وصل إلى حلب.",
        "أعلنت وحدات حماية الشعب سيطرتها على قرية قرب الحسكة، وقالت هيئة تحرير الشام إن مقاتليها انسحبوا من ريف حلب.",
    ] {
        docs.push(Document::new(text.into(), Source::default(), Meta::default()));
    }
    docs
}

/// A layer's content, comparable across runs.
fn layer(doc: &Document, l: Layer) -> String {
    let j = |v: serde_json::Result<String>| v.expect("serialises");
    match l {
        Layer::Sentences => j(serde_json::to_string(&doc.sentences)),
        Layer::Tokens => j(serde_json::to_string(&doc.tokens)),
        Layer::NameWords => format!("{:?}", doc.name_words),
        Layer::Entities => j(serde_json::to_string(&doc.entities)),
        Layer::Actors => j(serde_json::to_string(&doc.actors)),
        Layer::Places => j(serde_json::to_string(&doc.places)),
        Layer::Dates => j(serde_json::to_string(&doc.dates)),
        Layer::Quantities => j(serde_json::to_string(&doc.quantities)),
        Layer::Events => j(serde_json::to_string(&doc.events)),
        Layer::Claims => j(serde_json::to_string(&(&doc.claims, &doc.contradictions))),
    }
}

fn snapshot(doc: &Document) -> Vec<String> {
    Layer::ALL.iter().map(|&l| layer(doc, l)).collect()
}

/// Every order of `specs` that the declarations allow.
fn valid_orders(specs: &[&'static StageSpec]) -> Vec<Vec<&'static StageSpec>> {
    fn go(
        left: &mut Vec<&'static StageSpec>,
        cur: &mut Vec<&'static StageSpec>,
        out: &mut Vec<Vec<&'static StageSpec>>,
    ) {
        if left.is_empty() {
            if check_order(cur).is_ok() {
                out.push(cur.clone());
            }
            return;
        }
        for i in 0..left.len() {
            let s = left.remove(i);
            cur.push(s);
            // Prune: the prefix must already be a valid order of itself.
            if check_order(cur).is_ok() || cur.len() < 2 {
                go(left, cur, out);
            }
            cur.pop();
            left.insert(i, s);
        }
    }
    let mut out = Vec::new();
    go(&mut specs.to_vec(), &mut Vec::new(), &mut out);
    out
}

fn hash(parts: &[(Layer, bool, &str)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// What a stage wrote, keyed by the stage, the document and the content of
/// the layers it declares it reads or uses.
type Outputs = BTreeMap<(&'static str, usize, u64), Vec<String>>;

/// For each used layer: what the stage wrote with and without it, keyed by
/// the stage, the document, the layer and the content of its other
/// declared layers.
type UseOutputs = BTreeMap<(&'static str, usize, Layer, u64), [BTreeSet<Vec<String>>; 2]>;

struct Run<'a> {
    stages: &'a BTreeMap<&'static str, Arc<dyn AnyStage>>,
    docs: &'a [Document],
    outputs: Outputs,
    uses: UseOutputs,
}

impl Run<'_> {
    /// Runs `order` on every document, stage by stage, checking writes and
    /// recording outputs; returns the finished documents.
    fn order(&mut self, order: &[&'static StageSpec]) -> Vec<Vec<String>> {
        let names: Vec<&str> = order.iter().map(|s| s.name).collect();
        let mut bound: Vec<_> = order
            .iter()
            .map(|s| Arc::clone(&self.stages[s.name]).bind())
            .collect();
        let mut finished = Vec::new();
        for (di, d0) in self.docs.iter().enumerate() {
            let mut doc = d0.clone();
            for (spec, st) in order.iter().zip(bound.iter_mut()) {
                let declared: Vec<Layer> = spec.reads.iter().chain(spec.uses).copied().collect();
                let input: Vec<(Layer, bool, String)> = declared
                    .iter()
                    .map(|&l| (l, doc.has(l), layer(&doc, l)))
                    .collect();
                let before = snapshot(&doc);
                st.annotate(&mut doc).expect("stage runs");
                for &l in spec.writes {
                    doc.layers.insert(l);
                }
                let after = snapshot(&doc);
                for (i, &l) in Layer::ALL.iter().enumerate() {
                    assert!(
                        before[i] == after[i] || spec.writes.contains(&l),
                        "stage {} changed the {l} layer, which it does not declare",
                        spec.name
                    );
                }
                let wrote: Vec<String> = spec.writes.iter().map(|&l| layer(&doc, l)).collect();
                let parts: Vec<(Layer, bool, &str)> =
                    input.iter().map(|(l, p, c)| (*l, *p, c.as_str())).collect();
                let key = (spec.name, di, hash(&parts));
                match self.outputs.get(&key) {
                    Some(prev) => assert!(
                        *prev == wrote,
                        "stage {} wrote different {:?} on document {di} from the same declared \
                         layers {declared:?}: it depends on a layer it does not declare \
                         (order {names:?})",
                        spec.name,
                        spec.writes,
                    ),
                    None => {
                        self.outputs.insert(key, wrote.clone());
                    }
                }
                for &used in spec.uses {
                    let others: Vec<(Layer, bool, &str)> =
                        parts.iter().copied().filter(|p| p.0 != used).collect();
                    let present =
                        usize::from(doc.has(used) && input.iter().any(|p| p.0 == used && p.1));
                    self.uses
                        .entry((spec.name, di, used, hash(&others)))
                        .or_default()[present]
                        .insert(wrote.clone());
                }
            }
            finished.push(snapshot(&doc));
        }
        finished
    }
}

#[test]
fn declarations_match_what_stages_do() {
    let registry = Registry::builtin();
    let names: Vec<&'static str> = registry.names().collect();
    let stages: BTreeMap<&'static str, Arc<dyn AnyStage>> = names
        .iter()
        .map(|&n| (n, registry.stage(n).expect("builtin stage builds")))
        .collect();
    let docs = corpus();

    // Every set of stages the registry can plan (a subset plus what it
    // reads), once.
    let mut plans: BTreeSet<Vec<&'static str>> = BTreeSet::new();
    for mask in 1u32..(1 << names.len()) {
        let subset: Vec<&str> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        let plan = registry.plan(&subset).expect("every subset plans");
        check_order(&plan).expect("a plan is a valid order");
        let mut set: Vec<&'static str> = plan.iter().map(|s| s.name).collect();
        set.sort_unstable();
        plans.insert(set);
    }

    let mut run = Run {
        stages: &stages,
        docs: &docs,
        outputs: BTreeMap::new(),
        uses: BTreeMap::new(),
    };
    let mut orders_run = 0;
    for set in &plans {
        let specs: Vec<&'static StageSpec> = set
            .iter()
            .map(|n| registry.spec(n).expect("registered"))
            .collect();
        let orders = valid_orders(&specs);
        assert!(!orders.is_empty(), "{set:?} has no valid order");
        let first = run.order(&orders[0]);
        for o in &orders[1..] {
            assert!(
                run.order(o) == first,
                "orders {:?} and {:?} of the same stages give different documents",
                orders[0].iter().map(|s| s.name).collect::<Vec<_>>(),
                o.iter().map(|s| s.name).collect::<Vec<_>>()
            );
        }
        orders_run += orders.len();
    }
    eprintln!(
        "{} stage sets, {orders_run} orders, {} documents each",
        plans.len(),
        docs.len()
    );

    // Each used layer makes a difference somewhere: the same other
    // layers, with and without it, give different outputs.
    for (&name, stage) in &stages {
        for &used in stage.spec().uses {
            let matters = run.uses.iter().any(|((n, _, l, _), [without, with])| {
                *n == name
                    && *l == used
                    && !with.is_empty()
                    && !without.is_empty()
                    && with != without
            });
            assert!(
                matters,
                "stage {name} declares it uses {used}, but no document shows it"
            );
        }
    }
}

#[test]
fn read_layers_are_really_needed() {
    let registry = Registry::builtin();
    let docs = corpus();
    for name in registry.names() {
        let spec = registry.spec(name).expect("registered");
        for &needed in spec.reads {
            let plan = registry.plan(&[name]).expect("plans");
            let pipeline = Pipeline::new(
                plan.iter()
                    .filter(|s| s.name != name)
                    .map(|s| registry.stage(s.name).expect("builds"))
                    .collect(),
            )
            .expect("the prerequisites form a pipeline");
            let stage = registry.stage(name).expect("builds");
            let mut differs = false;
            for d in &docs {
                let mut with = d.clone();
                pipeline.worker().run(&mut with).expect("runs");
                // The finished document dropped its name words: cut them
                // again where the stage reads them.
                if spec.reads.contains(&Layer::NameWords) {
                    marsad_text::words::attach(&mut with);
                }
                let mut without = with.clone();
                clear(&mut without, needed);
                Arc::clone(&stage).bind().annotate(&mut with).expect("runs");
                Arc::clone(&stage)
                    .bind()
                    .annotate(&mut without)
                    .expect("runs");
                differs |= spec
                    .writes
                    .iter()
                    .any(|&l| layer(&with, l) != layer(&without, l));
            }
            assert!(
                differs,
                "stage {name} declares it reads {needed}, but does not need it"
            );
        }
    }
}

fn clear(doc: &mut Document, l: Layer) {
    match l {
        Layer::Sentences => doc.sentences.clear(),
        Layer::Tokens => doc.tokens.clear(),
        Layer::NameWords => doc.name_words.clear(),
        Layer::Entities => doc.entities.clear(),
        Layer::Actors => doc.actors.clear(),
        Layer::Places => doc.places.clear(),
        Layer::Dates => doc.dates.clear(),
        Layer::Quantities => doc.quantities.clear(),
        Layer::Events => doc.events.clear(),
        Layer::Claims => {
            doc.claims.clear();
            doc.contradictions.clear();
        }
    }
    let mut kept = LayerSet::default();
    for x in doc.layers.iter().filter(|&x| x != l) {
        kept.insert(x);
    }
    doc.layers = kept;
}
