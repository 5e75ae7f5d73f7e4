# Kiln's vars plugin for an ansible-playbook started while the instance boots (EarlyAnsible.cs).
#
# ansible-playbook starts, reads its inventory and playbook and loads its strategy before the instance exists; the
# first time a task asks for the host's variables, this plugin waits for the file Kiln writes once SSH works, and
# answers with where the instance is: ansible_host and ansible_port for the host, and the Python Kiln's login found
# for `all` (the lowest place, as in Kiln's usual inventory: a playbook's own setting wins). It answers only for the
# inventory's own directory, so nothing beside the playbook is shadowed.
#
# If Kiln dies before writing the file (kill -9), the plugin notices within 50 ms and ends the play.
import json
import os
import time

from ansible.errors import AnsibleError
from ansible.inventory.host import Host
from ansible.plugins.vars import BaseVarsPlugin

DOCUMENTATION = '''
    name: kiln_target
    short_description: where the instance Kiln is baking is, once it is reachable
    description: Waits for the file named by KILN_ANSIBLE_TARGET and serves its variables.
'''

_target = None


def _alive(pid):
    """Whether the process lives: a zombie (killed, not yet reaped) counts as gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] not in ('Z', 'X')
    except (OSError, IndexError):
        return False


def _wait_for_target():
    global _target
    if _target is None:
        path = os.environ['KILN_ANSIBLE_TARGET']
        kiln = int(os.environ['KILN_PROCESS'])
        waited = 0
        while not os.path.exists(path):
            if waited % 10 == 0 and not _alive(kiln):
                raise AnsibleError('kiln_target: Kiln stopped before the instance was reachable')
            time.sleep(0.005)
            waited += 1
        with open(path) as f:
            _target = json.load(f)
        # Tells Kiln the play went past this point: from here on the instance may have been changed.
        with open(path + '.read', 'w'):
            pass
    return _target


class VarsModule(BaseVarsPlugin):

    def get_vars(self, loader, path, entities, cache=True):
        inventory_dir = os.environ.get('KILN_ANSIBLE_INVENTORY_DIR')
        if not inventory_dir or os.path.realpath(path) != os.path.realpath(inventory_dir):
            return {}
        if not isinstance(entities, list):
            entities = [entities]
        data = {}
        for entity in entities:
            target = _wait_for_target()
            if isinstance(entity, Host):
                if entity.name == target['host']:
                    data.update(target['host_vars'])
            elif entity.name == 'all':
                data.update(target['all_vars'])
        return data
