@_exported import RapportAnalyze
@_exported import RapportCore
@_exported import RapportLoad
@_exported import RapportRender
@_exported import RapportSeal
@_exported import RapportWrite
