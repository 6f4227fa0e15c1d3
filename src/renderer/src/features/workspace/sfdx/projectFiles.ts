/**
 * Gathers an SFDX project's metadata files in the browser, from a folder picked with
 * <input webkitdirectory> or from files dropped or picked one by one. Only `*-meta.xml` files
 * are read: the server finds the app types among them by suffix and links External Client App
 * files by their <externalClientApplication> element, so the folders they sit in do not matter.
 */
export async function readPickedFiles(list: Iterable<File>): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const file of list) {
    if (!file.name.endsWith('-meta.xml')) continue
    files[projectPath(file)] = await file.text()
  }
  return files
}

/** The path inside the project: the picked folder's own name is dropped. */
function projectPath(file: File): string {
  const relative = file.webkitRelativePath
  if (!relative) return file.name
  const slash = relative.indexOf('/')
  return slash === -1 ? relative : relative.slice(slash + 1)
}
