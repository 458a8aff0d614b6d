/** Same keys as the Chinese source, every leaf a string: a missing English string fails typecheck. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }
