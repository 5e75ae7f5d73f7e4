// Dapper.AOT replaces each Dapper call of this assembly with code written at build time (see the project file).
[module: Dapper.DapperAot]
