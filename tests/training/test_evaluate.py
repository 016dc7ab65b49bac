from checker.training.evaluate import Prediction, covers_half, fold_of, macro, render_table, score


def test_scores_count_documents_not_clauses() -> None:
    truths = [{"audit_rights"}, {"audit_rights", "insurance"}, set()]
    spans = [{"audit_rights": [(10, 50)]}, {"audit_rights": [(0, 20)], "insurance": [(100, 140)]}, {}]
    predictions = [
        Prediction({"audit_rights": [(12, 60), (300, 320)]}),
        Prediction({"audit_rights": [(500, 520)]}),
        Prediction({"insurance": [(0, 5)]}),
    ]
    results = score(["audit_rights", "insurance"], truths, spans, predictions)
    audit, insurance = results["audit_rights"], results["insurance"]
    assert (audit.true_positives, audit.false_positives, audit.false_negatives) == (2, 0, 0)
    assert audit.evidence_hits == 1 and audit.evidence_overlap == 0.5
    assert (insurance.true_positives, insurance.false_positives, insurance.false_negatives) == (0, 1, 1)
    assert insurance.f1 == 0.0
    f1, evidence = macro(results.values())
    assert f1 == 0.5 and evidence == 0.5
    assert "macro-F1 0.500" in render_table(results, min_support=1)


def test_covers_half() -> None:
    assert covers_half([(0, 10)], [(5, 15)])
    assert not covers_half([(0, 4)], [(0, 10)])
    assert not covers_half([], [(0, 10)])


def test_folds_are_stable_and_spread() -> None:
    ids = [f"contract-{number}" for number in range(500)]
    assignment = [fold_of(contract_id, 5) for contract_id in ids]
    assert assignment == [fold_of(contract_id, 5) for contract_id in ids]
    assert all(80 <= assignment.count(fold) <= 120 for fold in range(5))
