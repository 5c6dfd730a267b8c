"""Reports of a run: for people (terminal, HTML) and for machines (JSON, JUnit XML).

``json_report.to_dict`` turns a run result into the report dict every renderer reads
(its shape is ``model.RunReport``); ``series`` derives the charts' time series from the
evidence; ``harness.store`` keeps both in ``run.sqlite`` so ``command`` can re-render
them later; ``progress`` shows a run while it happens.
"""
