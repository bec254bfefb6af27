export { type FileCap, readBoundedFile, readBoundedText } from "./read-bounded.js";
