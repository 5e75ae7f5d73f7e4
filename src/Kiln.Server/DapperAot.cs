// Dapper.AOT writes each query's reader and parameters at build time: no IL is emitted at run time (Native AOT).
[module: Dapper.DapperAot]
